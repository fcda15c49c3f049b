import Foundation
import Testing
import TestSupport

/// `kioskctl receipt preview`: the footer as the printer would print it.
@Suite("kioskctl receipt preview")
struct ReceiptCommandTests {
    @Test("the seed example in each language, at 42 columns by default", arguments: [
        ("fr", ["------------------------------------------", "          Programme de fidélité", "Points cumulés : 487 (+12)",
                "Récompense disponible : -5 € (atteinte", "à 500 pts)", "Niveau actuel : Argent"]),
        ("nl", ["------------------------------------------", "          Getrouwheidsprogramma", "Gespaarde punten: 487 (+12)",
                "Beschikbare beloning: -5 € (bereikt bij", "500 ptn)", "Huidig niveau: Zilver"]),
        ("en", ["------------------------------------------", "             Loyalty Program", "Cumulative points: 487 (+12)",
                "Available reward: -5 € (reached at", "500 pts)", "Current tier: Silver"]),
    ])
    func seed(language: String, expected: [String]) throws {
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["receipt", "preview", "--language", language])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == expected.joined(separator: "\n") + "\n", "\(result.stdout)")
    }

    @Test("--json at 32 columns: logical footer lines and printed lines")
    func json() throws {
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["receipt", "preview", "--json", "--columns", "32", "--language", "en"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["footer"] as? [String] == ["Loyalty Program", "Cumulative points: 487 (+12)", "Available reward: -5 € (reached at 500 pts)", "Current tier: Silver"])
        let lines = object?["lines"] as? [String] ?? []
        #expect(lines.allSatisfy { $0.count <= 32 }, "\(lines)")
        #expect(lines.contains("Available reward: -5 € (reached"), "\(lines)")
        #expect((object?["bytes"] as? Int).map { $0 <= 400 } == true, "the seed footer fits the 400-byte budget")
    }

    @Test("a basket and account like quote's, in the customer's language")
    func fromFiles() throws {
        let directory = TemporaryDirectory(prefix: "receipt-preview")
        let basket = try directory.write("basket.json", #"{"lines": [{"sku": "COFFEE", "quantity": 2, "unitPriceCents": 350}]}"#)
        let account = try directory.write("account.json", #"{"id": "C-9", "balance": 10, "lifetimePoints": 10, "language": "nl"}"#)
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["receipt", "preview", "--basket", basket, "--account", account, "--now", "2026-03-28T12:00:00+01:00"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("Gespaarde punten: 17 (+7)"), "7,00 € at 1 point per euro, in Dutch: \(result.stdout)")
    }

    @Test("errors: a bad language is usage, a broken basket names its key path", arguments: [
        (["--language", "de"], Int32(2), "--language: expected fr, nl or en"),
        (["--now", "2026-01-01T00:00:00Z"], Int32(2), "--account and --now need --basket"),
    ])
    func errors(arguments: [String], status: Int32, message: String) throws {
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["receipt", "preview"] + arguments)
        #expect(result.status == status)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("a basket file that does not decode: exit 78 with the key path")
    func brokenBasket() throws {
        let directory = TemporaryDirectory(prefix: "receipt-preview")
        let basket = try directory.write("basket.json", #"{"lines": [{"sku": "X", "quantity": "two", "unitPriceCents": 100}]}"#)
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["receipt", "preview", "--basket", basket])
        #expect(result.status == 78)
        #expect(result.stderr.contains("basket.lines[0].quantity"), "\(result.stderr)")
    }
}
