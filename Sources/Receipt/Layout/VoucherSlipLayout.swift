import Foundation
import Loyalty

/// The printed slip of a voucher: title, value, validity, the code as an EAN-13 barcode with
/// its digits below, the VAT mention and how to use it, in the customer's language.
///
/// Dates are the voucher's local days in the store's time zone (`activeFrom` is the first
/// day, `expiresAt` the instant after the last one), printed `dd/mm/yyyy`.
public enum VoucherSlipLayout {
    /// The slip's elements; encode them with `EscPosJobEncoder` for the printer's profile.
    public static func elements(
        _ voucher: Voucher, vat: VoucherVATTreatment, language: Language, timeZone: TimeZone
    ) -> [ReceiptElement] {
        let calendar = StoreCalendar(timeZone: timeZone)
        let from = AmountFormat.date(calendar.localDate(of: voucher.activeFrom))
        let validity: String
        if let expiresAt = voucher.expiresAt {
            let until = AmountFormat.date(calendar.localDate(of: expiresAt.addingTimeInterval(-1)))
            validity = VoucherSlipLabels.fill(VoucherSlipLabels.text(.validity, language), ["from": from, "until": until])
        } else {
            validity = VoucherSlipLabels.fill(VoucherSlipLabels.text(.validityOpenEnded, language), ["from": from])
        }
        let vatMention: String
        switch vat {
        case .none: vatMention = VoucherSlipLabels.text(.vatNone, language)
        case .fixed(let rate):
            vatMention = VoucherSlipLabels.fill(VoucherSlipLabels.text(.vatFixed, language), ["rate": AmountFormat.percent(rate, language)])
        case .prorata: vatMention = VoucherSlipLabels.text(.vatProrata, language)
        }
        return [
            .rule("-"),
            .text(VoucherSlipLabels.text(.title, language), .title),
            .text(AmountFormat.euros(voucher.value, language), TextStyle(bold: true, doubleSize: true, alignment: .center)),
            .text(validity, .centered),
            .ean13(voucher.code),
            .text(vatMention, .centered),
            .text(VoucherSlipLabels.text(.usage, language), .centered),
        ]
    }
}
