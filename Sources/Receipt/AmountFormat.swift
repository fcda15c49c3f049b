import Foundation
import Loyalty

/// How the footer writes amounts, counts, dates and factors in each language.
///
/// Guarantees: whole euros print without decimals (`-5 €`); other amounts print two decimals
/// with a point in English and a comma in French and Dutch (`0.42 €`, `0,42 €`); the euro
/// sign follows a plain space; no thousands separator (receipt widths are narrow).
public enum AmountFormat {
    /// `5 €`, `-5 €`, `0.42 €` (EN) / `0,42 €` (FR, NL); `signed` adds `+` to positives.
    public static func euros(_ amount: Cents, _ language: Language, signed: Bool = false) -> String {
        let magnitude = abs(amount.value)
        var digits = String(magnitude / 100)
        if magnitude % 100 != 0 {
            let cents = magnitude % 100
            digits += decimalSeparator(language) + (cents < 10 ? "0" : "") + String(cents)
        }
        let sign = amount.value < 0 ? "-" : (signed ? "+" : "")
        return sign + digits + " €"
    }

    /// `+12`, `+0`, `-3`: a change in points or stamps.
    public static func delta(_ count: Int) -> String { count < 0 ? String(count) : "+" + String(count) }

    /// `29/03/2026` in every language (the Belgian day-first order).
    public static func date(_ date: LocalDate) -> String {
        String(format: "%02d/%02d/%04d", date.day, date.month, date.year)
    }

    /// `×2`, `×1.5` (EN) / `×1,5` (FR, NL).
    public static func factor(_ value: Decimal, _ language: Language) -> String {
        "×" + plainDecimal(value, language)
    }

    /// `10 %`, `2,5 %` (FR, NL) / `2.5 %` (EN).
    public static func percent(_ value: Decimal, _ language: Language) -> String {
        plainDecimal(value, language) + " %"
    }

    static func plainDecimal(_ value: Decimal, _ language: Language) -> String {
        let text = DecimalRounding.halfUp(value, scale: 2).description
        return language == .en ? text : text.replacingOccurrences(of: ".", with: ",")
    }

    static func decimalSeparator(_ language: Language) -> String { language == .en ? "." : "," }
}
