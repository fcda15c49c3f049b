import Foundation
import Testing
@testable import StrictJSON

@Suite("JSONParser")
struct JSONParserTests {
    @Test("numbers keep their exact text")
    func numbersKeepText() throws {
        let value = try JSONParser.parse(#"{"rate": 0.05, "big": 12345678901234567890.5}"#)
        guard case .object(let object) = value else { Issue.record("expected an object"); return }
        #expect(object["rate"] == .number("0.05"))
        #expect(object["big"] == .number("12345678901234567890.5"))
    }

    @Test("0.05 decodes to the exact decimal 5/100")
    func exactDecimal() throws {
        let cursor = JSONCursor(.number("0.05"))
        #expect(try cursor.decimal() == Decimal(sign: .plus, exponent: -2, significand: 5))
        #expect(JSONCursor.exactDecimal("1e-2") == Decimal(sign: .plus, exponent: -2, significand: 1))
    }

    @Test("malformed documents are refused with a position", arguments: [
        "{", "[1,]", "{\"a\":1,\"a\":2}", "01", "\"\\x\"", "tru", "1 2", "\"\u{01}\"", "\"\\ud800\"", "-",
        String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
    ])
    func refusesMalformed(_ text: String) {
        #expect(throws: JSONSyntaxError.self, "'\(text)' must not parse") { try JSONParser.parse(text) }
    }

    @Test("escapes and surrogate pairs decode")
    func escapes() throws {
        #expect(try JSONParser.parse(#""caf\u00e9 \ud83d\ude00 \n""#) == .string("café 😀 \n"))
        #expect(try JSONParser.parse("\"€ é\"") == .string("€ é"))
    }

    @Test("writer round-trips a document")
    func roundTrip() throws {
        let text = #"{"a":[1,2.50,{"b":null}],"c":"x\"y","d":true}"#
        #expect(JSONWriter.string(try JSONParser.parse(text)) == text)
    }
}

@Suite("JSONCursor key paths")
struct JSONCursorTests {
    @Test("a wrong type names the key path and what was found")
    func wrongTypeNamesPath() throws {
        let root = try JSONCursor.parse(Array(#"{"loyalty": {"tiers": [{"threshold": 0}, {"threshold": "five"}]}}"#.utf8))
        let loyalty = try root.object(keys: ["loyalty"]).required("loyalty").object(keys: ["tiers"])
        let tiers = try loyalty.required("tiers").array()
        let error = #expect(throws: JSONDecodeError.self) {
            _ = try tiers[1].object(keys: ["threshold"]).required("threshold").int(min: 0)
        }
        #expect(error?.description == #"loyalty.tiers[1].threshold: expected an integer >= 0, got "five""#)
    }

    @Test("an unknown key is refused at its own path")
    func unknownKey() throws {
        let root = try JSONCursor.parse(Array(#"{"api": {"listne": "x"}}"#.utf8))
        let error = #expect(throws: JSONDecodeError.self) {
            _ = try root.object(keys: ["api"]).required("api").object(keys: ["listen", "token"])
        }
        #expect(error?.path.description == "api.listne")
    }

    @Test("a missing required key is named")
    func missingKey() throws {
        let root = JSONCursor(["a": 1])
        let error = #expect(throws: JSONDecodeError.self) { _ = try root.object(keys: ["a", "b"]).required("b") }
        #expect(error?.description == "b: missing required key")
    }
}

@Suite("error messages stay on one line")
struct OneLineErrorTests {
    @Test("control characters and odd keys are escaped in messages", arguments: [
        "\"\\\n\"", "{\"a\nb\": 1, \"a\nb\": 2}", "{\"x\ny\" 1}", "\u{01}",
    ])
    func syntaxErrors(_ text: String) {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
        #expect(error?.description.contains("\n") == false, "'\(error?.description ?? "")' is one line")
    }

    @Test("a key with a newline or a dot prints escaped in a path")
    func oddKeyPath() throws {
        let root = JSONCursor(["a\nb": 1, "c.d": 2])
        let error = #expect(throws: JSONDecodeError.self) { _ = try root.object(keys: ["z"]) }
        #expect(error?.description.contains("\n") == false)
        #expect(JSONPath.root.appending(key: "c.d").appending(index: 0).description == "[\"c.d\"][0]")
        #expect(JSONPath("loyalty").appending(key: "tiers").appending(index: 1).description == "loyalty.tiers[1]")
    }
}
