import Foundation
import Identity
import Loyalty
import Receipt
import TestSupport
import Testing

/// Golden bytes of a voucher slip (5 €, valid 13/05/2026–12/06/2026, code 5550000000012) and
/// what the test decoder reads back: text, double-size value, EAN-13 with digits below.
struct EscPosVoucherSlipGoldenTests {
    static let brussels = TimeZone(identifier: "Europe/Brussels")!
    static let calendar = StoreCalendar(timeZone: brussels)
    static let voucher = Voucher(
        code: try! EAN13(validating: "5550000000012"), value: 500,
        createdAt: calendar.startOfDay(LocalDate(year: 2026, month: 5, day: 12)).addingTimeInterval(13 * 3600),
        activeFrom: calendar.startOfDay(LocalDate(year: 2026, month: 5, day: 13)),
        expiresAt: calendar.startOfDay(LocalDate(year: 2026, month: 6, day: 13)), delivery: .print)

    struct Case: Sendable, CustomStringConvertible {
        let language: Language
        let columns: Int
        let vat: VoucherVATTreatment
        let expectedTexts: [String]
        var description: String { "\(language) at \(columns) columns" }
        var profile: PrinterProfile { PrinterProfile(columns: columns, codePage: .cp858, codePageTable: 19) }
        var bytes: [UInt8] {
            EscPosJobEncoder(profile: profile).encode(VoucherSlipLayout.elements(voucher, vat: vat, language: language, timeZone: brussels))
        }
    }

    static let cases: [Case] = [
        Case(language: .fr, columns: 32, vat: .prorata, expectedTexts: [
            "Bon de fidélité", "5 €", "Valable du 13/05/2026 au", "12/06/2026", "Remise : TVA au prorata des taux", "du ticket",
            "À présenter lors d'un prochain", "achat. Utilisable une seule", "fois.",
        ]),
        Case(language: .nl, columns: 42, vat: .fixed(21), expectedTexts: [
            "Getrouwheidsbon", "5 €", "Geldig van 13/05/2026 tot en met", "12/06/2026", "Inclusief 21 % btw",
            "Toon deze bon bij een volgende aankoop.", "Eenmalig te gebruiken.",
        ]),
        Case(language: .en, columns: 48, vat: .none, expectedTexts: [
            "Loyalty voucher", "5 €", "Valid from 13/05/2026 to 12/06/2026", "No VAT: a means of payment",
            "Present at a next purchase. Single use.",
        ]),
    ]

    @Test("golden bytes", arguments: cases)
    func goldenBytes(_ c: Case) {
        let golden = Self.golden["\(c.language)-\(c.columns)"] ?? ""
        #expect(GoldenHex.lines(c.bytes) == GoldenHex.normalized(golden), "\(c): actual bytes:\n\(GoldenHex.lines(c.bytes))")
    }

    @Test("decodes back to the slip: title, double-size value, validity, barcode with digits below", arguments: cases)
    func decodesBack(_ c: Case) throws {
        let job = try EscPosStreamDecoder().decode(c.bytes)
        #expect(job.startsWithInitialize && job.codePageTables == [19] && job.cuts == [false])
        let lines = job.lines.dropFirst()  // the rule
        #expect(lines.map(\.text) == c.expectedTexts)
        #expect(lines.first.map { $0.bold && $0.alignment == .center } == true, "title")
        let value = try #require(lines.first { $0.text == "5 €" })
        #expect(value.doubleWidth && value.doubleHeight && value.bold && value.alignment == .center, "value in double size")
        #expect(job.barcodes == [DecodedBarcode(digits: "555000000001", hriBelow: true, alignment: .center)], "EAN-13, printer adds the check digit 2")
        #expect(job.lines.allSatisfy { $0.columns <= c.columns })
        let barcodeIndex = try #require(job.events.firstIndex { if case .barcode = $0 { true } else { false } })
        let validityIndex = try #require(job.events.firstIndex { if case .line(let line) = $0 { line.text.contains("2026") } else { false } })
        #expect(validityIndex < barcodeIndex, "validity above the code")
    }

    @Test("a voucher without expiry says so")
    func openEnded() throws {
        var voucher = Self.voucher
        voucher.expiresAt = nil
        let bytes = EscPosJobEncoder(profile: .epson80mm).encode(VoucherSlipLayout.elements(voucher, vat: .prorata, language: .fr, timeZone: Self.brussels))
        #expect(try EscPosStreamDecoder().decode(bytes).texts.joined(separator: " ").contains("Valable dès le 13/05/2026, sans date d'expiration"))
    }

    @Test("the preview shows the barcode's thirteen digits")
    func preview() {
        let c = Self.cases[1]
        let text = ReceiptPreview(profile: c.profile).render(c.bytes)
        #expect(text.contains("5550000000012"))
        #expect(text.contains("Geldig van 13/05/2026 tot en met\n"), "\(text)")
    }

    /// Reviewed with `ReceiptPreview`: rule, bold centered title, the value in double size
    /// (`GS ! 0x11`), validity, `GS H 2 · GS f 0 · GS h 80 · GS w 2|3 · GS k 67 12 …`, VAT
    /// mention and usage, `ESC d 4`, `GS V 1`.
    static let golden: [String: String] = [
        "en-48": """
            1B 40 1B 74 13 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 0A
            1B 61 01 1B 45 01 4C 6F 79 61 6C 74 79 20 76 6F 75 63 68 65 72 0A
            1D 21 11 35 20 D5 0A
            1B 45 00 1D 21 00 56 61 6C 69 64 20 66 72 6F 6D 20 31 33 2F 30 35 2F 32 30 32 36 20 74 6F 20 31 32 2F 30 36 2F 32 30 32 36 0A
            1D 48 02 1D 66 00 1D 68 50 1D 77 03 1D 6B 43 0C 35 35 35 30 30 30 30 30 30 30 30 31 4E 6F 20 56 41 54 3A 20 61 20 6D 65 61 6E 73 20 6F 66 20 70 61 79 6D 65 6E 74 0A
            50 72 65 73 65 6E 74 20 61 74 20 61 20 6E 65 78 74 20 70 75 72 63 68 61 73 65 2E 20 53 69 6E 67 6C 65 20 75 73 65 2E 0A
            1B 64 04 1D 56 01
            """,
        "fr-32": """
            1B 40 1B 74 13 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 0A
            1B 61 01 1B 45 01 42 6F 6E 20 64 65 20 66 69 64 82 6C 69 74 82 0A
            1D 21 11 35 20 D5 0A
            1B 45 00 1D 21 00 56 61 6C 61 62 6C 65 20 64 75 20 31 33 2F 30 35 2F 32 30 32 36 20 61 75 0A
            31 32 2F 30 36 2F 32 30 32 36 0A
            1D 48 02 1D 66 00 1D 68 50 1D 77 02 1D 6B 43 0C 35 35 35 30 30 30 30 30 30 30 30 31 52 65 6D 69 73 65 20 3A 20 54 56 41 20 61 75 20 70 72 6F 72 61 74 61 20 64 65 73 20 74 61 75 78 0A
            64 75 20 74 69 63 6B 65 74 0A
            B7 20 70 72 82 73 65 6E 74 65 72 20 6C 6F 72 73 20 64 27 75 6E 20 70 72 6F 63 68 61 69 6E 0A
            61 63 68 61 74 2E 20 55 74 69 6C 69 73 61 62 6C 65 20 75 6E 65 20 73 65 75 6C 65 0A
            66 6F 69 73 2E 0A
            1B 64 04 1D 56 01
            """,
        "nl-42": """
            1B 40 1B 74 13 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 2D 0A
            1B 61 01 1B 45 01 47 65 74 72 6F 75 77 68 65 69 64 73 62 6F 6E 0A
            1D 21 11 35 20 D5 0A
            1B 45 00 1D 21 00 47 65 6C 64 69 67 20 76 61 6E 20 31 33 2F 30 35 2F 32 30 32 36 20 74 6F 74 20 65 6E 20 6D 65 74 0A
            31 32 2F 30 36 2F 32 30 32 36 0A
            1D 48 02 1D 66 00 1D 68 50 1D 77 03 1D 6B 43 0C 35 35 35 30 30 30 30 30 30 30 30 31 49 6E 63 6C 75 73 69 65 66 20 32 31 20 25 20 62 74 77 0A
            54 6F 6F 6E 20 64 65 7A 65 20 62 6F 6E 20 62 69 6A 20 65 65 6E 20 76 6F 6C 67 65 6E 64 65 20 61 61 6E 6B 6F 6F 70 2E 0A
            45 65 6E 6D 61 6C 69 67 20 74 65 20 67 65 62 72 75 69 6B 65 6E 2E 0A
            1B 64 04 1D 56 01
            """,
    ]
}
