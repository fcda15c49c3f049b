import Foundation
import StrictJSON
import Testing
import TestSupport

/// `kioskctl quote` run as the built binary on files.
@Suite("kioskctl quote")
struct QuoteCommandTests {
    static let seedBasket = #"{"saleId": "S-1", "lines": [{"sku": "LUNCH", "quantity": 1, "unitPriceCents": 1240, "vatRate": 12}]}"#
    static let seedAccount = #"{"id": "C-1", "balance": 475, "lifetimePoints": 975, "language": "en"}"#
    static let noon = "2026-05-12T12:00:00+02:00"

    func quote(_ files: [String: String], _ arguments: [String]) throws -> ProcessResult {
        let directory = TemporaryDirectory(prefix: "kioskctl-quote")
        var resolved = arguments
        for (name, text) in files {
            let path = try directory.write(name, text)
            resolved = resolved.map { $0 == name ? path : $0 }
        }
        return try withExtendedLifetime(directory) { try ProcessRunner.run(BuiltProducts.kioskctl, ["quote"] + resolved) }
    }

    func member(_ value: JSONValue, _ keys: String...) -> JSONValue? {
        var current: JSONValue? = value
        for key in keys {
            if case .object(let object)? = current { current = object[key] } else if case .array(let array)? = current, let i = Int(key), i < array.count {
                current = array[i]
            } else { return nil }
        }
        return current
    }

    @Test("the seed's basket under the embedded default program prints the seed's footer")
    func seedFooter() throws {
        let result = try quote(["basket.json": Self.seedBasket, "account.json": Self.seedAccount],
            ["--basket", "basket.json", "--account", "account.json", "--now", Self.noon])
        #expect(result.status == 0, "exit 0, stderr: \(result.stderr)")
        let expected = "  Loyalty Program\n  Cumulative points: 487 (+12)\n  Available reward: -5 € (reached at 500 pts)\n  Current tier: Silver\n"
        #expect(result.stdout.hasSuffix("footer (en):\n" + expected), "footer lines in:\n\(result.stdout)")
        #expect(result.stdout.contains("+12 points"))
        #expect(result.stdout.contains("balance 487, lifetime 987"))
    }

    @Test("--json prints the outcome and the footer lines")
    func json() throws {
        let result = try quote(["basket.json": Self.seedBasket, "account.json": Self.seedAccount],
            ["--basket", "basket.json", "--account", "account.json", "--now", Self.noon, "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let value = try JSONParser.parse(result.stdout)
        #expect(member(value, "outcome", "earned", "points") == .number("12"))
        #expect(member(value, "outcome", "accountAfter", "balance") == .number("487"))
        #expect(member(value, "outcome", "tierAfter", "id") == .string("silver"))
        #expect(member(value, "footer", "language") == .string("en"))
        #expect(member(value, "footer", "lines", "3") == .string("Current tier: Silver"))
    }

    @Test("a 30-day voucher created 28 March 2026 23:58 in Brussels runs 29 March 00:00 to 27 April 23:59 local")
    func voucherAcrossDST() throws {
        let program = #"{"mode": "percentage", "rules": [{"family": "SOFT", "percent": 4}], "vouchers": {"validDays": 30}}"#
        let basket = #"{"lines": [{"sku": "COLA", "family": "SOFT", "quantity": 3, "unitPriceCents": 350}]}"#
        let result = try quote(["program.json": program, "basket.json": basket, "account.json": #"{"id": "C-9", "language": "fr"}"#],
            ["--program", "program.json", "--basket", "basket.json", "--account", "account.json", "--now", "2026-03-28T23:58:00+01:00", "--voucher-serial", "42", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let value = try JSONParser.parse(result.stdout)
        #expect(member(value, "outcome", "vouchersCreated", "0", "valueCents") == .number("42"), "4 % × 3.50 € × 3")
        #expect(member(value, "outcome", "vouchersCreated", "0", "code") == .string("5550000000425"), "prefix 555 + serial 42 + check digit")
        #expect(member(value, "outcome", "vouchersCreated", "0", "activeFrom") == .string("2026-03-28T23:00:00Z"), "29 March 00:00 +01:00")
        #expect(member(value, "outcome", "vouchersCreated", "0", "expiresAt") == .string("2026-04-27T22:00:00Z"), "28 April 00:00 +02:00")
        #expect(member(value, "outcome", "nextVoucherSerial") == .number("43"))
        #expect(member(value, "footer", "lines") == .array(["Programme de fidélité", "Bon d'achat gagné : 0,42 €", "Valable du 29/03/2026 au 27/04/2026", "Disponible dans votre portefeuille en ligne"]))
    }

    @Test("an unconfirmed identity earns nothing and the footer says so")
    func unconfirmed() throws {
        let result = try quote(["basket.json": Self.seedBasket, "account.json": Self.seedAccount],
            ["--basket", "basket.json", "--account", "account.json", "--now", Self.noon, "--unconfirmed"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("notConfirmed"))
        #expect(result.stdout.contains("Card not confirmed: no loyalty on this ticket"))
        #expect(!result.stdout.contains("earned:"))
    }

    @Test("bad files end with exit 78 and the key path", arguments: [
        ("program.json", #"{"loyalty": {"mode": "points", "tiers": [{"id": "b", "name": "Bronze", "threshold": 0}, {"id": "s", "name": "Silver", "threshold": "five"}]}}"#,
         #"loyalty.tiers[1].threshold: expected an integer >= 0, got "five""#),
        ("program.json", #"{"mode": "points", "pointsPerEuro": 1, "colour": "red"}"#, "loyalty.colour: unknown key"),
        ("program.json", #"{"mode": "cashback"}"#, "loyalty.cashbackPercent: missing required key"),
        ("program.json", #"{"mode": "points", "target": 100}"#, #"loyalty.target: not used in "points" mode"#),
        ("basket.json", #"{"lines": [{"sku": "A", "quantity": 0, "unitPriceCents": 100}]}"#, "basket.lines[0].quantity: expected an integer between 1 and 10000, got 0"),
        ("basket.json", #"{"lines": [{"sku": "A", "quantity": 1, "unitPriceCents": 100}"#, "basket: invalid JSON at line 1"),
        ("account.json", #"{"id": "C-1", "birthday": "1991-02-29"}"#, "account.birthday: expected a birthday"),
    ])
    func badFiles(file: String, text: String, message: String) throws {
        var files = ["basket.json": Self.seedBasket, "account.json": Self.seedAccount, "program.json": #"{"mode": "points"}"#]
        files[file] = text
        let result = try quote(files, ["--program", "program.json", "--basket", "basket.json", "--account", "account.json", "--now", Self.noon])
        #expect(result.status == 78, "exit 78 for a bad \(file), stderr: \(result.stderr)")
        #expect(result.stderr.contains(message), "stderr '\(result.stderr)' names '\(message)'")
    }

    @Test("a missing file is a configuration error; a missing --basket is a usage error")
    func missing() throws {
        let unreadable = try quote([:], ["--basket", "/nonexistent/basket.json"])
        #expect(unreadable.status == 78)
        #expect(unreadable.stderr.contains("/nonexistent/basket.json"))
        let usage = try quote([:], ["--now", Self.noon])
        #expect(usage.status == 2)
    }
}
