import Foundation
import Testing
@testable import Loyalty

@Suite("ItemValues")
struct ItemValuesTests {
    static let rules = [
        ItemRule(match: .family("SOFT"), percent: 4, points: 5, stampEligible: false),
        ItemRule(match: .sku("COLA-ZERO"), points: 8),
        ItemRule(match: .family("HOT"), stampEligible: true),
    ]

    @Test("the line's own value wins, then the SKU rule, then the family rule, per value", arguments: [
        ("family only", BasketLine(sku: "FANTA", family: "SOFT", quantity: 1, unitPrice: 300), Decimal(4), Decimal(5), false),
        ("SKU rule overrides the family's points, family's percent remains", BasketLine(sku: "COLA-ZERO", family: "SOFT", quantity: 1, unitPrice: 300), 4, 8, false),
        ("line value overrides both", BasketLine(sku: "COLA-ZERO", family: "SOFT", quantity: 1, unitPrice: 300, loyaltyPercent: 10, loyaltyPoints: 1, stampEligible: true), 10, 1, true),
        ("no rule: nothing", BasketLine(sku: "BREAD", family: "BAKERY", quantity: 1, unitPrice: 300), 0, 0, false),
        ("stamp-eligible family", BasketLine(sku: "ESPRESSO", family: "HOT", quantity: 1, unitPrice: 200), 0, 0, true),
    ])
    func resolution(name: String, line: BasketLine, percent: Decimal, points: Decimal, stamp: Bool) {
        let values = ItemValues.resolve(line, rules: Self.rules)
        #expect(values.percent == percent, "\(name): percent")
        #expect(values.points == points, "\(name): points")
        #expect(values.stampEligible == stamp, "\(name): stamp")
        #expect(values.eligible, "\(name): eligible by default")
    }
}
