import Foundation
import Identity
import Loyalty
import Receipt

/// The page `kioskctl print-test` prints: what the printer and kiosk are, every accented
/// letter the footers use (é è ê à ç ë ï ô û, and capitals), the euro sign, a ruler as wide
/// as the profile's columns, the example footer in French, Dutch and English, and an EAN-13
/// barcode (a loyalty card). A wrong code page shows as wrong letters, a wrong width as a
/// wrapped ruler, a printer without barcode support as a missing barcode.
public enum PrintTestPage {
    /// The accented letters of the FR/NL footers, as printed on the page.
    public static let accents = "é è ê à ç ë ï ô û"
    public static let capitals = "É È Ê À Ç Ë Ï Ô Û"
    /// The loyalty card whose barcode the page prints (prefix 299, serial 1).
    public static let barcode = EAN13(prefix: "299", serial: 1)!

    /// The page's elements.
    /// - Parameters:
    ///   - printer: the printer in words (`tcp 192.168.1.50:9100`).
    ///   - now: when the page is printed, shown in `timeZone`.
    ///   - labels: the configuration's footer label overrides.
    /// - Throws: what the loyalty engine throws for the example sale.
    public static func elements(
        kioskId: String, storeId: String, printer: String, profile: PrinterProfile, now: Date, timeZone: TimeZone,
        program: LoyaltyProgram = .standard, labels: FooterLabels = FooterLabels()
    ) throws -> [ReceiptElement] {
        var elements: [ReceiptElement] = [
            .text("kioskd print test", TextStyle(bold: true, doubleSize: true, alignment: .center)),
            .text("kiosk \(kioskId), store \(storeId)", .centered),
            .text(stamp(now, timeZone), .centered),
            .blankLine,
            .pair("Printer", printer, .plain),
            .pair("Profile", "\(profile.columns) columns, \(profile.codePage) (table \(profile.codePageTable))", .plain),
            .rule("-"),
            .text("Accents: \(accents)", .plain),
            .text("Capitals: \(capitals)", .plain),
            .text("Euro: € 12,50 € / 0.42 €", .plain),
            .text("Width (\(profile.columns) columns, one line):", .plain),
            .text(ruler(profile.columns), .plain),
        ]
        let outcome = try ReceiptSample.outcome(language: nil, program: program)
        if let data = outcome.footer {
            for language in [Language.fr, .nl, .en] {
                elements += FooterBlock.elements(LoyaltyFooter(data, labels: labels, language: language).texts)
            }
        }
        elements += [
            .rule("-"),
            .text("EAN-13 (loyalty card):", .plain),
            .ean13(barcode),
            .text("end of test page", .centered),
        ]
        return elements
    }

    /// `1234567890123…` exactly `columns` characters long.
    public static func ruler(_ columns: Int) -> String {
        String((0..<columns).map { Character(String(($0 + 1) % 10)) })
    }

    private static func stamp(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0) + zone.identifier
    }
}
