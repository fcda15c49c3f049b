import Foundation
import Testing
@testable import Loyalty

/// Who and what takes part in loyalty.
@Suite("LoyaltyEngine eligibility")
struct LoyaltyEngineEligibilityTests {
    static let redeem = RedemptionRequest(rewards: ["five-euros-off"], vouchers: [Fixture.voucher(500).code.digits], cashback: 100)

    static func account(_ change: (inout LoyaltyAccount) -> Void) -> LoyaltyAccount {
        var account = Fixture.account(balance: 600, lifetime: 600, cashback: 200, vouchers: [Fixture.voucher(500)])
        change(&account)
        return account
    }

    @Test("no loyalty without a confirmed, eligible identity: nothing earned, nothing redeemed", arguments: [
        ("counter customer", account { $0.counter = true }, true, Eligibility.counterCustomer),
        ("customer excluded in the file", account { $0.eligible = false }, true, .customerExcluded),
        ("identity not confirmed by the second scan", account { _ in }, false, .notConfirmed),
    ])
    func ineligible(name: String, account: LoyaltyAccount, confirmed: Bool, expected: Eligibility) throws {
        let outcome = try Fixture.quote(.standard, Fixture.basket(Fixture.line("LUNCH", 1, 2000), redeem: Self.redeem), account, confirmed: confirmed)
        #expect(outcome.eligibility == expected, "\(name)")
        #expect(outcome.earned == Earned(), "\(name): earns nothing")
        #expect(outcome.ledger.isEmpty, "\(name): no ledger movement")
        #expect(outcome.accountAfter == account, "\(name): the account is untouched")
        #expect(outcome.ticket.due == 2000, "\(name): nothing redeemed")
        #expect(outcome.rejections.count == 3 && outcome.rejections.allSatisfy { $0.reason == .notEligible })
        #expect(outcome.vouchersCreated.isEmpty)
    }

    @Test("an unconfirmed customer gets a footer saying so; a counter customer gets none")
    func footers() throws {
        let unconfirmed = try Fixture.quote(.standard, Fixture.basket(Fixture.line("A", 1, 100)), Self.account { _ in }, confirmed: false)
        #expect(unconfirmed.footer?.identityNotConfirmed == true)
        let counter = try Fixture.quote(.standard, Fixture.basket(Fixture.line("A", 1, 100)), Self.account { $0.counter = true })
        #expect(counter.footer == nil)
    }

    @Test("an anonymous sale earns nothing and has no account after it")
    func anonymous() throws {
        let outcome = try Fixture.quote(.standard, Fixture.basket(Fixture.line("A", 1, 1000)), nil)
        #expect(outcome.eligibility == .anonymous)
        #expect(outcome.accountAfter == nil && outcome.footer == nil)
    }

    @Test("excludeDiscountedItems: a discounted line earns nothing; without the option it earns on its discounted total", arguments: [
        (true, 10), (false, 18),
    ])
    func discounted(exclude: Bool, points: Int) throws {
        var program = LoyaltyProgram(mode: .points)
        program.excludeDiscountedItems = exclude
        let basket = Fixture.basket(Fixture.line("FULL", 1, 1000), Fixture.line("PROMO", 1, 1000, discount: 200))
        let outcome = try Fixture.quote(program, basket, Fixture.account())
        #expect(outcome.earned.points == points)
        #expect((outcome.lines[1].excluded == .discounted) == exclude)
    }

    @Test("excluded discounted items in percentage mode (RESTOMAX option)")
    func discountedPercentage() throws {
        var program = LoyaltyProgram(mode: .percentage, rules: Fixture.softRules)
        program.excludeDiscountedItems = true
        var promo = Fixture.soft(3)
        promo.discount = 100
        let outcome = try Fixture.quote(program, Fixture.basket(Fixture.soft(3), promo), Fixture.account())
        #expect(outcome.earned.voucherValue == 42, "only the undiscounted line earns 0.42 €")
    }

    @Test("rules marking an article not eligible (tobacco) exclude it in every mode")
    func notEligibleArticle() throws {
        let program = LoyaltyProgram(mode: .points, rules: [ItemRule(match: .family("TOBACCO"), eligible: false)])
        let tobacco = BasketLine(sku: "CIG", family: "TOBACCO", quantity: 1, unitPrice: 800)
        let outcome = try Fixture.quote(program, Fixture.basket(tobacco, Fixture.line("A", 1, 300)), Fixture.account())
        #expect(outcome.earned.points == 3)
        #expect(outcome.lines[0].excluded == .notEligible)
    }
}
