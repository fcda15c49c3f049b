import Foundation
import Loyalty
import Receipt
import TestSupport
import Testing

/// A whole receipt (body from the UI + loyalty footer) at 32, 42 and 48 columns, read back
/// by the test decoder.
struct EscPosReceiptBodyTests {
    static let footer = ["Programme de fidélité", "Points cumulés : 487 (+12)", "Récompense disponible : -5 € (atteinte à 500 pts)", "Niveau actuel : Argent"]

    func decoded(columns: Int) throws -> DecodedPrintJob {
        let body = try ReceiptBodyTests.decode(ReceiptBodyTests.json)
        let profile = PrinterProfile(columns: columns, codePage: .cp858, codePageTable: 19)
        let bytes = EscPosJobEncoder(profile: profile).encode(ReceiptBodyLayout.elements(body, language: .fr, footer: Self.footer))
        return try EscPosStreamDecoder().decode(bytes)
    }

    @Test("every line fits, items and totals end flush right, the footer comes last", arguments: [32, 42, 48])
    func layout(_ columns: Int) throws {
        let job = try decoded(columns: columns)
        let texts = job.texts
        #expect(job.lines.allSatisfy { $0.columns <= columns }, "no line wider than \(columns)")
        #expect(texts.first == "Café Smarkiok" && job.lines.first?.bold == true)
        let cappuccino = try #require(texts.first { $0.hasPrefix("Cappuccino") })
        #expect(cappuccino.count == columns && cappuccino.hasSuffix(" 7,00"), "'\(cappuccino)'")
        #expect(texts.contains("  2 x 3,50"))
        let total = try #require(job.lines.first { $0.text.hasPrefix("Total") })
        #expect(total.bold && total.text.hasSuffix(" 11,30 €") && total.text.count == columns)
        let rule = try #require(texts.lastIndex(of: String(repeating: "-", count: columns)))
        #expect(texts[(rule + 1)...].joined(separator: " ") == Self.footer.joined(separator: " "), "the footer, whole, after the last rule")
        #expect(job.lines[rule + 1].bold && job.lines[rule + 1].alignment == .center)
    }

    @Test("the VAT table lines up: rate left, amounts flush right in equal columns", arguments: [32, 42, 48])
    func vatTable(_ columns: Int) throws {
        let texts = try decoded(columns: columns).texts
        let header = try #require(texts.firstIndex { $0.hasPrefix("TVA") })
        let rows = Array(texts[header...(header + 3)])
        #expect(rows.allSatisfy { $0.count == columns }, "\(rows)")
        #expect(rows[1].hasPrefix("6 %") && rows[1].hasSuffix("1,80"))
        #expect(rows[2].hasPrefix("21 %") && rows[2].hasSuffix("9,50"))
        #expect(rows[3].hasPrefix("5,5 %"))
        let cell = columns / 4
        for row in rows {
            for column in 1...3 {
                let end = row.index(row.startIndex, offsetBy: columns - (3 - column) * cell)
                #expect(row[row.index(before: end)] != " ", "column \(column) of '\(row)' ends flush right")
            }
        }
    }
}
