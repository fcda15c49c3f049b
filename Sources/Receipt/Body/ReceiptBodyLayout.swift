import Foundation
import Loyalty

/// A whole receipt laid out from the UI's body, with the loyalty footer appended.
///
/// Layout: header centered (first line bold), rule, each item as `description … total`
/// (with `  2 x 3,50` below when the quantity is not 1), rule, totals (`… 7,00 €`), the VAT
/// breakdown as a four-column table (rate, excl., VAT, incl.), payments, trailer centered,
/// then the footer block. Amounts always show two decimals here (`7,00`; `7.00` in English)
/// so that columns line up.
public enum ReceiptBodyLayout {
    /// The receipt's elements; `footer` is the loyalty footer's logical lines (title first).
    public static func elements(_ body: ReceiptBody, language: Language, footer: [String] = []) -> [ReceiptElement] {
        var elements: [ReceiptElement] = []
        for (index, line) in body.header.enumerated() {
            elements.append(.text(line, index == 0 ? .title : .centered))
        }
        if !body.header.isEmpty { elements.append(.blankLine) }
        elements.append(.rule("-"))
        for line in body.lines {
            elements.append(.pair(line.description, amount(line.total, language), .plain))
            if line.quantity != 1 {
                elements.append(.columns(["  \(line.quantity) x \(amount(line.unitPrice, language))"], .plain))
            }
        }
        elements.append(.rule("-"))
        for total in body.totals {
            elements.append(.pair(total.label, amount(total.amount, language) + " €", total.emphasized ? .bold : .plain))
        }
        if !body.vat.isEmpty {
            elements.append(.blankLine)
            elements.append(.columns(vatHeader(language), .bold))
            for row in body.vat {
                elements.append(.columns([
                    AmountFormat.percent(row.rate, language), amount(row.base, language), amount(row.vat, language), amount(row.total, language),
                ], .plain))
            }
        }
        if !body.payments.isEmpty {
            elements.append(.blankLine)
            for payment in body.payments { elements.append(.pair(payment.label, amount(payment.amount, language) + " €", .plain)) }
        }
        if !body.trailer.isEmpty {
            elements.append(.blankLine)
            for line in body.trailer { elements.append(.text(line, .centered)) }
        }
        elements += FooterBlock.elements(footer)
        return elements
    }

    /// `7,00` (FR, NL) or `7.00` (EN); `-1,50` for negatives.
    public static func amount(_ amount: Cents, _ language: Language) -> String {
        let magnitude = abs(amount.value)
        let cents = magnitude % 100
        let text = String(magnitude / 100) + (language == .en ? "." : ",") + (cents < 10 ? "0" : "") + String(cents)
        return amount.value < 0 ? "-" + text : text
    }

    /// The VAT table's column titles.
    static func vatHeader(_ language: Language) -> [String] {
        switch language {
        case .fr: return ["TVA", "HT", "TVA", "TTC"]
        case .nl: return ["Btw", "Excl.", "Btw", "Incl."]
        case .en: return ["VAT", "Net", "VAT", "Gross"]
        }
    }
}
