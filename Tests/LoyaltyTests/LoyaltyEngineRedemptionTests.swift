import Foundation
import Testing
@testable import Loyalty

/// Rewards, vouchers and cashback used on a ticket.
@Suite("LoyaltyEngine redemptions")
struct LoyaltyEngineRedemptionTests {
    static let program = LoyaltyProgram(
        mode: .points,
        tiers: LoyaltyProgram.standard.tiers.tiers,
        rewards: [
            Reward(id: "five-off", kind: .amountOff(500), cost: 500),
            Reward(id: "ten-percent", kind: .percentOffNextTicket(percent: 10), cost: 300),
            Reward(id: "free-coffee", kind: .freeProduct(sku: "COFFEE"), cost: 200),
            Reward(id: "cash-2", kind: .cashback(200), cost: 250),
        ]
    )

    struct RewardCase: Sendable, CustomTestStringConvertible {
        let name: String
        let reward: String
        let discount: Int
        let credited: Int
        let freeProducts: Int
        let due: Int
        let points: Int
        var testDescription: String { name }
    }

    // Ticket: 2 coffees at 2,50 € + a 15,00 € lunch = 20,00 €.
    static let rewardCases: [RewardCase] = [
        RewardCase(name: "amountOff: -5 € off the ticket, 15 € earns 15 points", reward: "five-off", discount: 500, credited: 0, freeProducts: 0, due: 1500, points: 15),
        RewardCase(name: "percentOffNextTicket: -10 % of 20 € = 2 €, 18 € earns 18", reward: "ten-percent", discount: 200, credited: 0, freeProducts: 0, due: 1800, points: 18),
        RewardCase(name: "freeProduct: one coffee free, 17,50 € earns 17", reward: "free-coffee", discount: 250, credited: 0, freeProducts: 250, due: 1750, points: 17),
        RewardCase(name: "cashback: 2 € credited to the wallet, the ticket is unchanged", reward: "cash-2", discount: 0, credited: 200, freeProducts: 0, due: 2000, points: 20),
    ]

    static func ticket(_ redeem: RedemptionRequest = RedemptionRequest()) -> Basket {
        Fixture.basket(Fixture.line("COFFEE", 2, 250, vat: 6), Fixture.line("LUNCH", 1, 1500, vat: 12), redeem: redeem)
    }

    @Test("the four reward kinds", arguments: rewardCases)
    func rewards(_ c: RewardCase) throws {
        let account = Fixture.account(balance: 600, lifetime: 900)
        let outcome = try Fixture.quote(Self.program, Self.ticket(RedemptionRequest(rewards: [c.reward])), account)
        let reward = try #require(Self.program.reward(id: c.reward))
        #expect(outcome.rejections.isEmpty, "\(c.name): \(outcome.rejections)")
        #expect(outcome.rewardsRedeemed.map(\.discount) == [Cents(c.discount)], "\(c.name): discount")
        #expect(outcome.ticket.freeProducts == Cents(c.freeProducts))
        #expect(outcome.ticket.due == Cents(c.due), "\(c.name): due")
        #expect(outcome.earned.points == c.points, "\(c.name): what the customer paid earns")
        #expect(outcome.accountAfter?.balance == 600 - reward.cost + c.points, "\(c.name): cost paid in points")
        #expect(outcome.accountAfter?.cashback == Cents(c.credited))
        #expect(outcome.accountAfter?.lifetimePoints == 900 + c.points, "redeeming never lowers lifetime points")
        #expect(outcome.tierAfter?.id == "silver", "redeeming never lowers the tier")
        #expect(outcome.ledger.first { $0.kind == .pointsRedeemed }?.amount == -reward.cost)
    }

    @Test("a reward the balance cannot pay is refused and changes nothing")
    func insufficient() throws {
        let outcome = try Fixture.quote(Self.program, Self.ticket(RedemptionRequest(rewards: ["five-off", "nope"])), Fixture.account(balance: 487, lifetime: 987))
        #expect(outcome.rejections == [Rejection(.reward, "five-off", .insufficientPoints), Rejection(.reward, "nope", .unknownReward)])
        #expect(outcome.ticket.due == 2000)
        #expect(outcome.accountAfter?.balance == 487 + 20)
    }

    @Test("two rewards in one ticket each pay their cost; the second is refused when the balance runs out")
    func twoRewards() throws {
        let outcome = try Fixture.quote(Self.program, Self.ticket(RedemptionRequest(rewards: ["five-off", "ten-percent"])), Fixture.account(balance: 700))
        #expect(outcome.rewardsRedeemed.map(\.reward.id) == ["five-off"])
        #expect(outcome.rejections == [Rejection(.reward, "ten-percent", .insufficientPoints)], "700 − 500 = 200 < 300")
    }

    @Test("a free product absent from the basket is refused")
    func freeProductMissing() throws {
        let outcome = try Fixture.quote(Self.program, Fixture.basket(Fixture.line("LUNCH", 1, 1500), redeem: RedemptionRequest(rewards: ["free-coffee"])), Fixture.account(balance: 600))
        #expect(outcome.rejections == [Rejection(.reward, "free-coffee", .productNotInBasket)])
        #expect(outcome.accountAfter?.balance == 615)
    }

    @Test("voucher larger than the ticket: the ticket goes to 0,00 €, the remainder is kept as a new voucher")
    func voucherLargerKept() throws {
        let voucher = Fixture.voucher(1000, expiresAt: "2026-12-31T00:00:00+01:00")
        let basket = Fixture.basket(Fixture.line("LUNCH", 1, 600), redeem: RedemptionRequest(vouchers: [voucher.code.digits]))
        let outcome = try Fixture.quote(Self.program, basket, Fixture.account(vouchers: [voucher]))
        #expect(outcome.ticket.voucherPaid == 600)
        #expect(outcome.ticket.due == 0, "never below 0,00 €")
        #expect(outcome.earned.points == 0, "what a voucher paid earns nothing")
        let redemption = try #require(outcome.vouchersRedeemed.first)
        #expect(redemption.used == 600 && redemption.remainder == 400)
        let kept = try #require(outcome.vouchersCreated.first)
        #expect(kept.value == 400 && kept.origin == .remainder)
        #expect(kept.activeFrom == Fixture.instant(Fixture.noon), "a remainder is usable at once")
        #expect(kept.expiresAt == voucher.expiresAt, "and keeps the original expiry")
        #expect(redemption.remainderVoucher == kept.code.digits)
        let after = try #require(outcome.accountAfter)
        #expect(after.voucher(code: voucher.code.digits)?.status == .redeemed, "the original is used up")
        #expect(after.voucher(code: kept.code.digits)?.status == .issued)
        #expect(outcome.footer?.vouchersUsed.first?.remainderVoucher != nil)
    }

    @Test("voucher larger than the ticket, remainder forfeited by config")
    func voucherLargerForfeited() throws {
        var program = Self.program
        program.vouchers.remainder = .forfeit
        let voucher = Fixture.voucher(1000)
        let outcome = try Fixture.quote(program, Fixture.basket(Fixture.line("LUNCH", 1, 600), redeem: RedemptionRequest(vouchers: [voucher.code.digits])), Fixture.account(vouchers: [voucher]))
        #expect(outcome.ticket.due == 0)
        #expect(outcome.vouchersCreated.isEmpty)
        #expect(outcome.vouchersRedeemed.first?.remainderVoucher == nil)
        #expect(outcome.ledger.contains { $0.kind == .voucherRemainderForfeited && $0.amount == -400 })
    }

    @Test("vouchers that cannot pay are refused with the reason", arguments: [
        ("not active yet", "2026-05-13T00:00:00+02:00", nil as String?, Voucher.Status.issued, Rejection.Reason.notYetActive),
        ("expired", "2026-01-01T00:00:00+01:00", "2026-05-12T00:00:00+02:00", .issued, .expired),
        ("already redeemed", "2026-01-01T00:00:00+01:00", nil, .redeemed, .alreadyRedeemed),
        ("voided", "2026-01-01T00:00:00+01:00", nil, .void, .voided),
    ])
    func refusedVoucher(name: String, activeFrom: String, expiresAt: String?, status: Voucher.Status, reason: Rejection.Reason) throws {
        var voucher = Fixture.voucher(500, activeFrom: activeFrom, expiresAt: expiresAt)
        voucher.status = status
        let outcome = try Fixture.quote(Self.program, Fixture.basket(Fixture.line("LUNCH", 1, 1500), redeem: RedemptionRequest(vouchers: [voucher.code.digits])), Fixture.account(vouchers: [voucher]))
        #expect(outcome.rejections == [Rejection(.voucher, voucher.code.digits, reason)], "\(name)")
        #expect(outcome.ticket.voucherPaid == 0)
        #expect(outcome.earned.points == 15)
    }

    @Test("the same voucher twice in a ticket pays once; a code from nobody's wallet is unknown")
    func doubleSpend() throws {
        let voucher = Fixture.voucher(300)
        let stranger = Fixture.voucher(300, serial: 901)
        let basket = Fixture.basket(Fixture.line("LUNCH", 1, 1500), redeem: RedemptionRequest(vouchers: [voucher.code.digits, voucher.code.digits, stranger.code.digits]))
        let outcome = try Fixture.quote(Self.program, basket, Fixture.account(vouchers: [voucher]))
        #expect(outcome.ticket.voucherPaid == 300)
        #expect(outcome.rejections == [Rejection(.voucher, voucher.code.digits, .duplicate), Rejection(.voucher, stranger.code.digits, .unknownVoucher)])
    }

    @Test("a second voucher on a ticket already at 0,00 € is refused, not consumed")
    func nothingDue() throws {
        let first = Fixture.voucher(1500, serial: 1)
        let second = Fixture.voucher(500, serial: 2)
        let basket = Fixture.basket(Fixture.line("LUNCH", 1, 1500), redeem: RedemptionRequest(vouchers: [first.code.digits, second.code.digits]))
        let outcome = try Fixture.quote(Self.program, basket, Fixture.account(vouchers: [first, second]))
        #expect(outcome.rejections == [Rejection(.voucher, second.code.digits, .nothingDue)])
        #expect(outcome.accountAfter?.voucher(code: second.code.digits)?.status == .issued, "the second voucher stays usable")
    }

    @Test("the discount's VAT is spread pro rata over the ticket's rates by default")
    func discountVAT() throws {
        let voucher = Fixture.voucher(500)
        let basket = Fixture.basket(Fixture.line("WINE", 1, 1210, vat: 21), Fixture.line("BREAD", 1, 1060, vat: 6), redeem: RedemptionRequest(vouchers: [voucher.code.digits]))
        let outcome = try Fixture.quote(Self.program, basket, Fixture.account(vouchers: [voucher]))
        #expect(outcome.discountVAT.map(\.amount) == [267, 233])
        #expect(outcome.discountVAT.map(\.rate) == [21, 6])
    }

    @Test("cashback pays at most the wallet and what is due")
    func cashbackCaps() throws {
        let program = LoyaltyProgram(mode: .cashback, cashbackPercent: 5)
        let outcome = try Fixture.quote(program, Fixture.basket(Fixture.line("A", 1, 500), redeem: RedemptionRequest(cashback: 9999)), Fixture.account(cashback: 300))
        #expect(outcome.ticket.cashbackPaid == 300)
        #expect(outcome.accountAfter?.cashback == Cents(DecimalRounding.halfUp(Decimal(200) * 5 / 121)), "wallet emptied, then 5 % of the 2 € paid otherwise")
        let empty = try Fixture.quote(program, Fixture.basket(Fixture.line("A", 1, 500), redeem: RedemptionRequest(cashback: 100)), Fixture.account())
        #expect(empty.rejections == [Rejection(.cashback, "100", .emptyWallet)])
    }
}
