import Foundation
import Testing
@testable import Loyalty

/// Every numeric example of the two product documents, one mode at a time.
@Suite("LoyaltyEngine modes (seed examples)")
struct LoyaltyEngineModeTests {
    @Test("percentage: (4 % of 3.50 €) × 3 = 0.42 € voucher")
    func percentage() throws {
        let program = LoyaltyProgram(mode: .percentage, rules: Fixture.softRules)
        let outcome = try Fixture.quote(program, Fixture.basket(Fixture.soft(3)), Fixture.account())
        #expect(outcome.earned.voucherValue == 42, "4 % × 3.50 € × 3 is 0.42 €")
        #expect(outcome.vouchersCreated.map(\.value) == [42], "one voucher of 0.42 € is created at close")
        #expect(outcome.vouchersCreated.first?.code.hasPrefix("555") == true, "voucher codes carry the 555 prefix")
        #expect(outcome.accountAfter?.vouchers.count == 1, "the voucher lands in the customer's history")
    }

    @Test("itemPoints: 5 points × 0.01 € × 3 = 0.15 € voucher, price not a factor", arguments: [350, 100, 990])
    func itemPoints(price: Int) throws {
        let program = LoyaltyProgram(mode: .itemPoints, conversionFactor: Decimal(string: "0.01")!, rules: Fixture.softRules)
        let outcome = try Fixture.quote(program, Fixture.basket(Fixture.soft(3, price: price)), Fixture.account())
        #expect(outcome.earned.voucherValue == 15, "5 × 0.01 × 3 = 0.15 € whatever the price (\(price))")
        #expect(outcome.vouchersCreated.map(\.value) == [15])
    }

    static let threshold = LoyaltyProgram(
        mode: .pointsThreshold, conversionFactor: Decimal(string: "0.05")!, target: 100, rules: Fixture.softRules
    )

    @Test("pointsThreshold: 3 softs accumulate 15 points, no voucher yet")
    func thresholdAccumulates() throws {
        let outcome = try Fixture.quote(Self.threshold, Fixture.basket(Fixture.soft(3)), Fixture.account())
        #expect(outcome.earned.points == 15, "5 × 3 = 15 points")
        #expect(outcome.accountAfter?.balance == 15)
        #expect(outcome.vouchersCreated.isEmpty, "15 < 100: no voucher")
    }

    @Test("pointsThreshold: at 100 points a 5 € voucher (100 × 0.05), balance back to 0")
    func thresholdReached() throws {
        let outcome = try Fixture.quote(Self.threshold, Fixture.basket(Fixture.soft(3)), Fixture.account(balance: 85))
        #expect(outcome.vouchersCreated.map(\.value) == [500], "100 × 0.05 = 5 €")
        #expect(outcome.accountAfter?.balance == 0, "the target is consumed")
        #expect(outcome.accountAfter?.lifetimePoints == 100, "lifetime keeps what was earned")
        #expect(outcome.ledger.contains { $0.kind == .pointsConverted && $0.amount == -100 })
    }

    @Test("pointsThreshold: the 20th soft sold one by one makes the 5 € voucher, not the 19th")
    func twentySofts() throws {
        let engine = LoyaltyEngine(program: Self.threshold)
        var account = Fixture.account()
        var vouchersAt: [Int] = []
        for sale in 1...20 {
            let outcome = try engine.quote(
                basket: Fixture.basket(Fixture.soft(1), saleId: "S-\(sale)"), account: account, context: Fixture.context(Fixture.noon, serial: UInt64(sale))
            )
            if !outcome.vouchersCreated.isEmpty { vouchersAt.append(sale) }
            account = try #require(outcome.accountAfter)
        }
        #expect(vouchersAt == [20], "20 softs × 5 points = 100 points: the voucher comes with the 20th")
        #expect(account.vouchers.map(\.value) == [500])
    }

    @Test("pointsThreshold: a target crossed twice in one sale makes two vouchers")
    func thresholdTwice() throws {
        let outcome = try Fixture.quote(Self.threshold, Fixture.basket(Fixture.soft(40)), Fixture.account(balance: 10))
        #expect(outcome.vouchersCreated.map(\.value) == [500, 500], "10 + 200 points = two targets")
        #expect(outcome.accountAfter?.balance == 10, "10 points carried over")
        #expect(Set(outcome.vouchersCreated.map(\.code)).count == 2, "each voucher has its own code")
    }

    @Test("points: 1 point per euro, floored once", arguments: [
        (1240, 12), (999, 9), (100, 1), (99, 0), (0, 0),
    ])
    func points(cents: Int, expected: Int) throws {
        let program = LoyaltyProgram(mode: .points, pointsPerEuro: 1)
        let outcome = try Fixture.quote(program, Fixture.basket(Fixture.line("BREAD", 1, cents)), Fixture.account())
        #expect(outcome.earned.points == expected, "\(cents) ct earns \(expected) points")
    }

    @Test("stamps: the 10th coffee makes the reward ready; the next coffee is free and earns no stamp")
    func stamps() throws {
        let program = LoyaltyProgram(mode: .stamps, stampThreshold: 10, rules: [ItemRule(match: .sku("COFFEE"), stampEligible: true)], rewards: [
            Reward(id: "free-coffee", kind: .freeProduct(sku: nil), cost: 10),
        ])
        let tenth = try Fixture.quote(program, Fixture.basket(Fixture.line("COFFEE", 1, 250), Fixture.line("CROISSANT", 1, 150)), Fixture.account(stamps: 9))
        #expect(tenth.earned.stamps == 1, "one stamp per coffee, none for the croissant")
        #expect(tenth.accountAfter?.stamps == 10)
        #expect(tenth.footer?.stampRewardReady?.id == "free-coffee", "at 10 stamps the reward is ready")

        let next = try Fixture.quote(program, Fixture.basket(Fixture.line("COFFEE", 2, 250), redeem: RedemptionRequest(rewards: ["free-coffee"])), tenth.accountAfter)
        #expect(next.ticket.freeProducts == 250, "one coffee free")
        #expect(next.ticket.due == 250)
        #expect(next.earned.stamps == 1, "the free coffee earns no stamp, the paid one does")
        #expect(next.accountAfter?.stamps == 1, "10 − 10 + 1")
    }

    @Test("cashback: 5 % of the amount excl. VAT, in cents, into the wallet", arguments: [
        ("24.20 € at 21 %", 2420, Decimal(21), 100),
        ("10.60 € at 6 %", 1060, Decimal(6), 50),
        ("1.00 € at 21 % (4.13 ct)", 100, Decimal(21), 4),
        ("1.21 € at 21 %", 121, Decimal(21), 5),
    ])
    func cashback(name: String, cents: Int, vat: Decimal, expected: Int) throws {
        let program = LoyaltyProgram(mode: .cashback, cashbackPercent: 5)
        let outcome = try Fixture.quote(program, Fixture.basket(Fixture.line("ITEM", 1, cents, vat: vat)), Fixture.account(cashback: 30))
        #expect(outcome.earned.cashback == Cents(expected), "\(name) earns \(expected) ct")
        #expect(outcome.accountAfter?.cashback == Cents(30 + expected), "added to the wallet")
    }

    @Test("cashback wallet pays a later ticket, and that part earns nothing")
    func cashbackAsPayment() throws {
        let program = LoyaltyProgram(mode: .cashback, cashbackPercent: 5)
        let outcome = try Fixture.quote(
            program, Fixture.basket(Fixture.line("ITEM", 1, 2420), redeem: RedemptionRequest(cashback: 1210)), Fixture.account(cashback: 5000)
        )
        #expect(outcome.ticket.cashbackPaid == 1210)
        #expect(outcome.ticket.due == 1210)
        #expect(outcome.earned.cashback == 50, "only the half paid otherwise earns: 5 % of 10 € HT")
        #expect(outcome.accountAfter?.cashback == Cents(5000 - 1210 + 50))
    }

    @Test("Gold ×2: a customer at Gold earns double points")
    func goldDoubles() throws {
        let outcome = try Fixture.quote(.standard, Fixture.basket(Fixture.line("ITEM", 1, 1000)), Fixture.account(balance: 200, lifetime: 1600))
        #expect(outcome.tierBefore?.id == "gold")
        #expect(outcome.multiplier.applied == 2)
        #expect(outcome.earned.points == 20, "10 € × 1 pt/€ × 2")
    }
}
