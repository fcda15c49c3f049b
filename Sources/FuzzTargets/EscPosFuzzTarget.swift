import Receipt
import TestSupport

/// Fuzzes the ESC/POS path both ways. The test suite's independent decoder reads arbitrary
/// bytes without trapping; and any text, laid out and encoded for each printer profile,
/// decodes without error into lines no wider than the paper — so no customer-supplied
/// name can ever emit a stray control byte or overflow a line.
enum EscPosFuzzTarget {
    static let profiles: [PrinterProfile] = [.epson58mm, .epson80mm, .star80mm]

    static let target = FuzzTarget(name: "escpos") { bytes in
        _ = try? EscPosStreamDecoder().decode(bytes)
        let text = String(decoding: bytes.prefix(600), as: UTF8.self)
        let profile = profiles[Int(bytes.first ?? 0) % profiles.count]
        let job = EscPosJobEncoder(profile: profile).encode([
            .text(text, .title), .pair(text, "0,42 €", .plain), .text(text, TextStyle(doubleSize: true)), .rule("-"),
        ])
        let decoder = EscPosStreamDecoder(tables: profile.codePageTable == 4 ? EscPosReferenceTables.star : EscPosReferenceTables.epson)
        let decoded: DecodedPrintJob
        do {
            decoded = try decoder.decode(job)
        } catch {
            fatalError("encoder output does not decode (\(error)) for text \(text.debugDescription)")
        }
        guard decoded.startsWithInitialize else { fatalError("job does not start with ESC @") }
        for line in decoded.lines where line.columns > profile.columns {
            fatalError("line of \(line.columns) columns on \(profile.columns) columns: \(line.text.debugDescription)")
        }
    }
}
