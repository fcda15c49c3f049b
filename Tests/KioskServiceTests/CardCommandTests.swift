import Foundation
import Testing
import TestSupport

@Suite("kioskctl card")
struct CardCommandTests {
    @Test("generate prints consecutive loyalty cards with their check digits")
    func generate() throws {
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["card", "generate", "--count", "3", "--start", "1"])
        #expect(result.status == 0, "exit 0, stderr: \(result.stderr)")
        #expect(result.stdout == "2990000000019\n2990000000026\n2990000000033\n")
    }

    @Test("generate --json prints an array")
    func generateJSON() throws {
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["card", "generate", "--count", "2", "--start", "123456789", "--json"])
        #expect(result.stdout == "[\"2991234567897\",\"2991234567903\"]\n")
    }

    @Test("100,000 cards are unique and valid")
    func generateMany() throws {
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["card", "generate", "--count", "100000"])
        let codes = result.stdout.split(separator: "\n")
        #expect(codes.count == 100_000)
        #expect(Set(codes).count == 100_000, "no duplicate code")
        #expect(codes.last == "2990001000001")
        #expect(result.stderr.isEmpty, "no progress output when stdout is not a terminal")
    }

    @Test("check classifies codes", arguments: [
        ("2991234567897", Int32(0), "a loyalty card"),
        ("5550000000425", Int32(0), "a loyalty voucher"),
        ("4006381333931", Int32(0), "neither"),
        ("2991234567890", Int32(1), "bad check digit 0, expected 7"),
        ("29912345", Int32(1), "expected 13 digits"),
    ])
    func check(code: String, status: Int32, phrase: String) throws {
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["card", "check", code])
        #expect(result.status == status)
        #expect(result.stdout.contains(phrase), "output '\(result.stdout)' mentions '\(phrase)'")
    }

    @Test("usage errors exit 2", arguments: [
        ["card"], ["card", "frobnicate"], ["card", "generate", "--count", "zero"], ["card", "generate", "--bogus"],
        ["card", "check"], ["card", "generate", "--count", "2", "--start", "999999999"],
    ])
    func usage(arguments: [String]) throws {
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, arguments)
        #expect(result.status == 2, "\(arguments) exits 2, got \(result.status): \(result.stderr)")
        #expect(result.stderr.hasPrefix("kioskctl card:"), "the message names the command")
    }
}
