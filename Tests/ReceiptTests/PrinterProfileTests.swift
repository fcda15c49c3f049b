import Receipt
import StrictJSON
import Testing

struct PrinterProfileTests {
    func decode(_ json: String) throws -> PrinterProfile {
        try PrinterProfile(decoding: JSONCursor.parse(Array(json.utf8), path: JSONPath("printer").appending(key: "profile")))
    }

    @Test("a full profile decodes")
    func fullProfile() throws {
        let profile = try decode(#"{"columns": 48, "codePage": "wpc1252", "codePageTable": 16, "cut": "full", "feedLinesBeforeCut": 3, "answersStatus": false}"#)
        #expect(profile == PrinterProfile(columns: 48, codePage: .wpc1252, codePageTable: 16, cut: .full, feedLinesBeforeCut: 3, answersStatus: false))
    }

    struct MakerCase: Sendable, CustomStringConvertible {
        let maker: String
        let codePage: String
        let table: UInt8
        var description: String { "\(codePage) on \(maker) is table \(table)" }
    }

    @Test("the maker supplies the table number", arguments: [
        MakerCase(maker: "epson", codePage: "cp858", table: 19),
        MakerCase(maker: "star", codePage: "cp858", table: 4),
        MakerCase(maker: "epson", codePage: "wpc1252", table: 16),
        MakerCase(maker: "star", codePage: "wpc1252", table: 32),
        MakerCase(maker: "epson", codePage: "cp437", table: 0),
        MakerCase(maker: "epson", codePage: "cp850", table: 2),
    ])
    func makerTables(_ c: MakerCase) throws {
        let profile = try decode(#"{"maker": "\#(c.maker)", "columns": 42, "codePage": "\#(c.codePage)"}"#)
        #expect(profile.codePageTable == c.table)
        #expect(profile.cut == .partial && profile.feedLinesBeforeCut == 4 && profile.answersStatus, "defaults")
    }

    @Test("an explicit table number wins over the maker's")
    func explicitTableWins() throws {
        #expect(try decode(#"{"maker": "epson", "columns": 42, "codePage": "cp858", "codePageTable": 4}"#).codePageTable == 4)
    }

    @Test("cut none means no cutter")
    func noCutter() throws {
        #expect(try decode(#"{"maker": "epson", "columns": 32, "codePage": "cp858", "cut": "none"}"#).cut == nil)
    }

    struct Bad: Sendable, CustomStringConvertible {
        let json: String
        let message: String
        var description: String { message }
    }

    @Test("errors name the key path", arguments: [
        Bad(json: #"{"columns": 42, "codePage": "cp858"}"#, message: #"printer.profile.codePageTable: missing required key (or give "maker")"#),
        Bad(json: #"{"maker": "star", "columns": 42, "codePage": "cp850"}"#, message: "printer.profile.codePageTable: missing required key (no known table for cp850 on star)"),
        Bad(json: #"{"maker": "epson", "columns": 42, "codePage": "utf8"}"#, message: #"printer.profile.codePage: expected one of "cp437", "cp850", "cp858", "wpc1252", got "utf8""#),
        Bad(json: #"{"maker": "epson", "columns": 12, "codePage": "cp858"}"#, message: "printer.profile.columns: expected an integer between 24 and 64, got 12"),
        Bad(json: #"{"maker": "epson", "columns": 42, "codePage": "cp858", "codePageTable": 300}"#, message: "printer.profile.codePageTable: expected an integer between 0 and 255, got 300"),
        Bad(json: #"{"maker": "epson", "columns": 42, "codePage": "cp858", "answersStatus": "yes"}"#, message: #"printer.profile.answersStatus: expected true or false, got "yes""#),
        Bad(json: #"{"maker": "epson", "columns": 42, "codePage": "cp858", "cutter": "full"}"#, message: "printer.profile.cutter: unknown key (known keys here: answersStatus, codePage, codePageTable, columns, cut, feedLinesBeforeCut, maker)"),
        Bad(json: #"{"maker": "citizen", "columns": 42, "codePage": "cp858"}"#, message: #"printer.profile.maker: expected one of "epson", "star", got "citizen""#),
    ])
    func errors(_ bad: Bad) {
        do {
            _ = try decode(bad.json)
            Issue.record("expected an error: \(bad.message)")
        } catch {
            #expect("\(error)" == bad.message)
        }
    }
}
