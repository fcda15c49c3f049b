import Foundation
import Testing
@testable import Loyalty
@testable import Receipt

@Suite("AmountFormat")
struct AmountFormatTests {
    @Test("euro amounts as DESIGN.md writes them", arguments: [
        (-500, Language.en, "-5 €"), (-500, .fr, "-5 €"), (42, .en, "0.42 €"), (42, .fr, "0,42 €"), (42, .nl, "0,42 €"),
        (1205, .en, "12.05 €"), (1250, .nl, "12,50 €"), (0, .fr, "0 €"), (-7, .en, "-0.07 €"), (123_456, .fr, "1234,56 €"),
    ])
    func euros(cents: Int, language: Language, expected: String) {
        #expect(AmountFormat.euros(Cents(cents), language) == expected, "\(cents) ct in \(language)")
    }

    @Test("signed amounts and deltas")
    func signed() {
        #expect(AmountFormat.euros(42, .fr, signed: true) == "+0,42 €")
        #expect(AmountFormat.euros(-42, .fr, signed: true) == "-0,42 €")
        #expect(AmountFormat.delta(12) == "+12")
        #expect(AmountFormat.delta(0) == "+0")
        #expect(AmountFormat.delta(-3) == "-3")
    }

    @Test("dates day-first, factors and percents with the language's decimal mark")
    func others() {
        #expect(AmountFormat.date(LocalDate(year: 2026, month: 4, day: 7)) == "07/04/2026")
        #expect(AmountFormat.factor(2, .en) == "×2")
        #expect(AmountFormat.factor(Decimal(string: "1.5")!, .fr) == "×1,5")
        #expect(AmountFormat.percent(Decimal(string: "2.5")!, .en) == "2.5 %")
    }
}
