import Foundation
import Loyalty
import Receipt
import TestSupport
import Testing

/// Golden bytes of the seed footer ("Loyalty Program / Cumulative points: 487 (+12) /
/// Available reward: -5 € (reached at 500 pts) / Current tier: Silver") in EN, FR and NL
/// at 32, 42 and 48 columns on an Epson CP858 printer.
struct EscPosFooterGoldenTests {
    struct Case: Sendable, CustomStringConvertible {
        let language: String
        let columns: Int
        var description: String { "\(language) at \(columns) columns" }
        var profile: PrinterProfile { PrinterProfile(columns: columns, codePage: .cp858, codePageTable: 19) }
        var lines: [String] { EscPosFooterGoldenTests.footer[language]! }
        var bytes: [UInt8] { EscPosJobEncoder(profile: profile).encode(FooterBlock.elements(lines)) }
    }

    /// The seed's facts (balance 487, +12, a -5 € reward at 500 points, Silver) through the
    /// loyalty footer's own labels, in each language.
    static let footer: [String: [String]] = Dictionary(uniqueKeysWithValues: Language.allCases.map { language in
        var data = FooterData(language: language, mode: .points)
        data.balance = 487
        data.pointsDelta = 12
        data.availableReward = Reward(id: "five-euros", kind: .amountOff(500), cost: 500)
        data.tier = Tier(id: "silver", name: LocalizedText(fr: "Argent", nl: "Zilver", en: "Silver"), threshold: 500)
        return (language.rawValue, LoyaltyFooter(data).texts)
    })

    @Test("the footer text is the seed's, in each language")
    func seedText() {
        #expect(Self.footer["en"] == ["Loyalty Program", "Cumulative points: 487 (+12)", "Available reward: -5 € (reached at 500 pts)", "Current tier: Silver"])
        #expect(Self.footer["fr"]?.first == "Programme de fidélité")
        #expect(Self.footer["nl"]?.first == "Getrouwheidsprogramma")
    }

    static let cases: [Case] = ["en", "fr", "nl"].flatMap { language in [32, 42, 48].map { Case(language: language, columns: $0) } }

    @Test("golden bytes", arguments: cases)
    func goldenBytes(_ c: Case) {
        let golden = Self.golden["\(c.language)-\(c.columns)"] ?? ""
        #expect(GoldenHex.lines(c.bytes) == GoldenHex.normalized(golden), "\(c): actual bytes:\n\(GoldenHex.lines(c.bytes))")
    }

    @Test("decodes back to the footer text, wrapped within the width", arguments: cases)
    func decodesBack(_ c: Case) throws {
        let job = try EscPosStreamDecoder().decode(c.bytes)
        #expect(job.startsWithInitialize, "every job starts with ESC @")
        #expect(job.codePageTables == [19])
        #expect(job.cuts == [false], "one partial cut")
        let lines = job.lines
        #expect(lines.first?.text == String(repeating: "-", count: c.columns), "rule first")
        #expect(lines.dropFirst().first.map { $0.bold && $0.alignment == .center } == true, "title bold and centered")
        #expect(lines.allSatisfy { $0.columns <= c.columns }, "no line wider than \(c.columns)")
        let body = lines.dropFirst().map(\.text).joined(separator: " ")
        #expect(body == c.lines.joined(separator: " "), "all words, in order, none split")
    }

    @Test("the seed footer stays within 400 bytes on the wire", arguments: cases)
    func byteBudget(_ c: Case) {
        #expect(c.bytes.count <= 400, "\(c): \(c.bytes.count) bytes")
    }

    /// Reviewed against `ReceiptPreview` and the decoder: rule, centered bold title, lines
    /// wrapped at word boundaries (`-5 €`, `à 500 pts` kept together), `ESC d 4`, `GS V 1`.
    static let golden: [String: String] = [
        "en-32": """
            1B 40 1B 74 13 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 0A
            1B 61 01 1B 45 01 4C 6F 79 61 6C 74 79 20 50 72 6F 67 72 61 6D 0A
            1B 61 00 1B 45 00 43 75 6D 75 6C 61 74 69 76 65 20 70 6F 69 6E 74 73 3A 20 34 38 37 20 28 2B 31 32 29 0A
            41 76 61 69 6C 61 62 6C 65 20 72 65 77 61 72 64 3A 20 2D 35 20 D5 20 28 72 65 61 63 68 65 64 0A
            61 74 20 35 30 30 20 70 74 73 29 0A
            43 75 72 72 65 6E 74 20 74 69 65 72 3A 20 53 69 6C 76 65 72 0A
            1B 64 04 1D 56 01
            """,
        "en-42": """
            1B 40 1B 74 13 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 0A
            1B 61 01 1B 45 01 4C 6F 79 61 6C 74 79 20 50 72 6F 67 72 61 6D 0A
            1B 61 00 1B 45 00 43 75 6D 75 6C 61 74 69 76 65 20 70 6F 69 6E 74 73 3A 20 34 38 37 20 28 2B 31 32 29 0A
            41 76 61 69 6C 61 62 6C 65 20 72 65 77 61 72 64 3A 20 2D 35 20 D5 20 28 72 65 61 63 68 65 64 20 61 74 0A
            35 30 30 20 70 74 73 29 0A
            43 75 72 72 65 6E 74 20 74 69 65 72 3A 20 53 69 6C 76 65 72 0A
            1B 64 04 1D 56 01
            """,
        "en-48": """
            1B 40 1B 74 13 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 0A
            1B 61 01 1B 45 01 4C 6F 79 61 6C 74 79 20 50 72 6F 67 72 61 6D 0A
            1B 61 00 1B 45 00 43 75 6D 75 6C 61 74 69 76 65 20 70 6F 69 6E 74 73 3A 20 34 38 37 20 28 2B 31 32 29 0A
            41 76 61 69 6C 61 62 6C 65 20 72 65 77 61 72 64 3A 20 2D 35 20 D5 20 28 72 65 61 63 68 65 64 20 61 74 20 35 30 30 20 70 74 73 29 0A
            43 75 72 72 65 6E 74 20 74 69 65 72 3A 20 53 69 6C 76 65 72 0A
            1B 64 04 1D 56 01
            """,
        "fr-32": """
            1B 40 1B 74 13 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 0A
            1B 61 01 1B 45 01 50 72 6F 67 72 61 6D 6D 65 20 64 65 20 66 69 64 82 6C 69 74 82 0A
            1B 61 00 1B 45 00 50 6F 69 6E 74 73 20 63 75 6D 75 6C 82 73 20 3A 20 34 38 37 20 28 2B 31 32 29 0A
            52 82 63 6F 6D 70 65 6E 73 65 20 64 69 73 70 6F 6E 69 62 6C 65 20 3A 20 2D 35 20 D5 0A
            28 61 74 74 65 69 6E 74 65 20 85 20 35 30 30 20 70 74 73 29 0A
            4E 69 76 65 61 75 20 61 63 74 75 65 6C 20 3A 20 41 72 67 65 6E 74 0A
            1B 64 04 1D 56 01
            """,
        "fr-42": """
            1B 40 1B 74 13 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 0A
            1B 61 01 1B 45 01 50 72 6F 67 72 61 6D 6D 65 20 64 65 20 66 69 64 82 6C 69 74 82 0A
            1B 61 00 1B 45 00 50 6F 69 6E 74 73 20 63 75 6D 75 6C 82 73 20 3A 20 34 38 37 20 28 2B 31 32 29 0A
            52 82 63 6F 6D 70 65 6E 73 65 20 64 69 73 70 6F 6E 69 62 6C 65 20 3A 20 2D 35 20 D5 20 28 61 74 74 65 69 6E 74 65 0A
            85 20 35 30 30 20 70 74 73 29 0A
            4E 69 76 65 61 75 20 61 63 74 75 65 6C 20 3A 20 41 72 67 65 6E 74 0A
            1B 64 04 1D 56 01
            """,
        "fr-48": """
            1B 40 1B 74 13 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 0A
            1B 61 01 1B 45 01 50 72 6F 67 72 61 6D 6D 65 20 64 65 20 66 69 64 82 6C 69 74 82 0A
            1B 61 00 1B 45 00 50 6F 69 6E 74 73 20 63 75 6D 75 6C 82 73 20 3A 20 34 38 37 20 28 2B 31 32 29 0A
            52 82 63 6F 6D 70 65 6E 73 65 20 64 69 73 70 6F 6E 69 62 6C 65 20 3A 20 2D 35 20 D5 20 28 61 74 74 65 69 6E 74 65 0A
            85 20 35 30 30 20 70 74 73 29 0A
            4E 69 76 65 61 75 20 61 63 74 75 65 6C 20 3A 20 41 72 67 65 6E 74 0A
            1B 64 04 1D 56 01
            """,
        "nl-32": """
            1B 40 1B 74 13 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 0A
            1B 61 01 1B 45 01 47 65 74 72 6F 75 77 68 65 69 64 73 70 72 6F 67 72 61 6D 6D 61 0A
            1B 61 00 1B 45 00 47 65 73 70 61 61 72 64 65 20 70 75 6E 74 65 6E 3A 20 34 38 37 20 28 2B 31 32 29 0A
            42 65 73 63 68 69 6B 62 61 72 65 20 62 65 6C 6F 6E 69 6E 67 3A 20 2D 35 20 D5 0A
            28 62 65 72 65 69 6B 74 20 62 69 6A 20 35 30 30 20 70 74 6E 29 0A
            48 75 69 64 69 67 20 6E 69 76 65 61 75 3A 20 5A 69 6C 76 65 72 0A
            1B 64 04 1D 56 01
            """,
        "nl-42": """
            1B 40 1B 74 13 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 0A
            1B 61 01 1B 45 01 47 65 74 72 6F 75 77 68 65 69 64 73 70 72 6F 67 72 61 6D 6D 61 0A
            1B 61 00 1B 45 00 47 65 73 70 61 61 72 64 65 20 70 75 6E 74 65 6E 3A 20 34 38 37 20 28 2B 31 32 29 0A
            42 65 73 63 68 69 6B 62 61 72 65 20 62 65 6C 6F 6E 69 6E 67 3A 20 2D 35 20 D5 20 28 62 65 72 65 69 6B 74 20 62 69 6A 0A
            35 30 30 20 70 74 6E 29 0A
            48 75 69 64 69 67 20 6E 69 76 65 61 75 3A 20 5A 69 6C 76 65 72 0A
            1B 64 04 1D 56 01
            """,
        "nl-48": """
            1B 40 1B 74 13 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 0A
            1B 61 01 1B 45 01 47 65 74 72 6F 75 77 68 65 69 64 73 70 72 6F 67 72 61 6D 6D 61 0A
            1B 61 00 1B 45 00 47 65 73 70 61 61 72 64 65 20 70 75 6E 74 65 6E 3A 20 34 38 37 20 28 2B 31 32 29 0A
            42 65 73 63 68 69 6B 62 61 72 65 20 62 65 6C 6F 6E 69 6E 67 3A 20 2D 35 20 D5 20 28 62 65 72 65 69 6B 74 20 62 69 6A 20 35 30 30 20 70 74 6E 29 0A
            48 75 69 64 69 67 20 6E 69 76 65 61 75 3A 20 5A 69 6C 76 65 72 0A
            1B 64 04 1D 56 01
            """,
    ]
}

/// Hex dumps for golden files: one printed line per row (split after each LF).
enum GoldenHex {
    static func lines(_ bytes: [UInt8]) -> String {
        var rows: [String] = []
        var row: [String] = []
        for byte in bytes {
            let hex = String(byte, radix: 16, uppercase: true)
            row.append(hex.count == 1 ? "0" + hex : hex)
            if byte == 0x0A {
                rows.append(row.joined(separator: " "))
                row = []
            }
        }
        if !row.isEmpty { rows.append(row.joined(separator: " ")) }
        return rows.joined(separator: "\n")
    }

    static func normalized(_ text: String) -> String {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
