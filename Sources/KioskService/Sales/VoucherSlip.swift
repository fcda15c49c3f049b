import Foundation
import Identity
import Loyalty
import Receipt

/// The printed slip of a voucher whose delivery is `print`: title, value, validity and the
/// code as an EAN-13 barcode (`GS k`), in the customer's language.
enum VoucherSlip {
    static func elements(_ voucher: Voucher, language: Language, timeZone: TimeZone) -> [ReceiptElement] {
        let formatter = DateFormatter()
        formatter.timeZone = timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = language == .en ? "yyyy-MM-dd" : "dd/MM/yyyy"
        let title: String
        let validFrom: String
        let validUntil: String
        switch language {
        case .fr: (title, validFrom, validUntil) = ("Bon de fidélité", "Valable dès le", "jusqu'au")
        case .nl: (title, validFrom, validUntil) = ("Waardebon", "Geldig vanaf", "tot en met")
        case .en: (title, validFrom, validUntil) = ("Loyalty voucher", "Valid from", "until")
        }
        var validity = "\(validFrom) \(formatter.string(from: voucher.activeFrom))"
        if let expiresAt = voucher.expiresAt {
            validity += " \(validUntil) \(formatter.string(from: expiresAt.addingTimeInterval(-1)))"
        }
        return [
            .rule("-"), .text(title, .title),
            .text(AmountFormat.euros(voucher.value, language), TextStyle(bold: true, doubleSize: true, alignment: .center)),
            .text(validity, .centered), .ean13(voucher.code),
        ]
    }
}
