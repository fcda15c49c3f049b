import Foundation
import Testing
@testable import Loyalty
@testable import Receipt

/// The footer of a refund receipt.
@Suite("LoyaltyFooter refunds")
struct FooterRefundTests {
    @Test("a refund footer says what was reversed and the balance now", arguments: [
        (Language.en, ["Loyalty Program", "Points reversed: -10", "Cumulative points: 115 (-10)", "Current tier: Bronze"]),
        (.fr, ["Programme de fidélité", "Points annulés : -10", "Points cumulés : 115 (-10)", "Niveau actuel : Bronze"]),
        (.nl, ["Getrouwheidsprogramma", "Geannuleerde punten: -10", "Gespaarde punten: 115 (-10)", "Huidig niveau: Brons"]),
    ])
    func refund(language: Language, expected: [String]) throws {
        let engine = LoyaltyEngine(program: .standard)
        let context = SaleContext(now: Date(timeIntervalSince1970: 1_778_580_000), timeZone: FooterModesTests.brussels, identityConfirmed: true)
        let sale = try engine.quote(basket: Basket(saleId: "S", lines: [BasketLine(sku: "SHOES", quantity: 2, unitPrice: 1000), BasketLine(sku: "SOCKS", quantity: 1, unitPrice: 500)]),
                                    account: LoyaltyAccount(id: "C", balance: 100, lifetimePoints: 100), context: context)
        let refund = try engine.refund(sale.earningRecord, returning: [ReturnedLine(line: 0, quantity: 1)], account: try #require(sale.accountAfter), context: context)
        #expect(LoyaltyFooter(refund: refund, program: .standard, language: language).texts == expected)
    }
}
