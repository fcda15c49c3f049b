import Receipt
import TestSupport
import Testing

/// Every accented letter the kiosk prints and the euro sign, encoded by `EscPosJobEncoder`
/// and read back by the independent test decoder with the maker's reference tables.
struct EscPosRoundTripTests {
    struct Printer: Sendable, CustomStringConvertible {
        let name: String
        let profile: PrinterProfile
        let tables: [UInt8: [UInt8: Character]]
        var description: String { name }
    }

    static let printers: [Printer] = [
        Printer(name: "Epson CP858 (table 19)", profile: PrinterProfile(columns: 42, codePage: .cp858, codePageTable: 19), tables: EscPosReferenceTables.epson),
        Printer(name: "Epson WPC1252 (table 16)", profile: PrinterProfile(columns: 42, codePage: .wpc1252, codePageTable: 16), tables: EscPosReferenceTables.epson),
        Printer(name: "Star CP858 (table 4)", profile: PrinterProfile(columns: 48, codePage: .cp858, codePageTable: 4), tables: EscPosReferenceTables.star),
        Printer(name: "Star WPC1252 (table 32)", profile: PrinterProfile(columns: 48, codePage: .wpc1252, codePageTable: 32), tables: EscPosReferenceTables.star),
    ]

    static let letters: [String] = ["€", "é", "è", "ê", "à", "ç", "ë", "ï", "ô", "û", "É", "È", "À", "Ç", "â", "î", "ù", "ü"]

    @Test("each letter and the euro sign round-trip", arguments: printers, letters)
    func letterRoundTrips(_ printer: Printer, _ letter: String) throws {
        let bytes = EscPosJobEncoder(profile: printer.profile).encode([.text("x\(letter)x", .plain)])
        let job = try EscPosStreamDecoder(tables: printer.tables).decode(bytes)
        #expect(job.texts == ["x\(letter)x"], "\(letter) on \(printer)")
        #expect(job.codePageTables == [printer.profile.codePageTable])
    }

    @Test("a French sentence with all of them round-trips", arguments: printers)
    func sentence(_ printer: Printer) throws {
        let text = "Fête à Noël: ça coûte 0,42 € — hôtel naïf, élève, fenêtre"
        let bytes = EscPosJobEncoder(profile: printer.profile).encode([.text(text, .plain)])
        let job = try EscPosStreamDecoder(tables: printer.tables).decode(bytes)
        let expected = printer.profile.codePage == .wpc1252 ? text : text.replacingOccurrences(of: "—", with: "-")
        #expect(job.texts.joined(separator: " ") == expected)
    }

    @Test("with Star's number on an Epson-numbered printer the euro sign would be wrong: the decoder catches it")
    func wrongTableIsCaught() throws {
        let starProfileOnEpson = PrinterProfile(columns: 42, codePage: .cp858, codePageTable: 4)
        let bytes = EscPosJobEncoder(profile: starProfileOnEpson).encode([.text("5 €", .plain)])
        #expect(throws: EscPosDecodingError.self) { try EscPosStreamDecoder(tables: EscPosReferenceTables.epson).decode(bytes) }
    }
}
