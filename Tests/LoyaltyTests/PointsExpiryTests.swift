import Foundation
import Testing
@testable import Loyalty

/// Optional expiry of points per earning batch.
@Suite("Points expiry")
struct PointsExpiryTests {
    static func program(_ expiry: PointsExpiryPolicy) -> LoyaltyProgram {
        var program = LoyaltyProgram.standard
        program.expiry = expiry
        return program
    }

    @Test("last valid day per policy", arguments: [
        (PointsExpiryPolicy.afterDays(30), LocalDate(year: 2026, month: 1, day: 10), LocalDate(year: 2026, month: 2, day: 9) as LocalDate?),
        (.endOfMonth, LocalDate(year: 2026, month: 2, day: 10), LocalDate(year: 2026, month: 2, day: 28)),
        (.endOfMonth, LocalDate(year: 2028, month: 2, day: 10), LocalDate(year: 2028, month: 2, day: 29)),
        (.endOfYear, LocalDate(year: 2026, month: 6, day: 1), LocalDate(year: 2026, month: 12, day: 31)),
        (.never, LocalDate(year: 2026, month: 6, day: 1), nil),
    ])
    func lastValidDay(policy: PointsExpiryPolicy, earned: LocalDate, last: LocalDate?) {
        #expect(policy.lastValidDay(earnedOn: earned) == last)
    }

    @Test("points still spendable on the last valid day, gone at the next local midnight", arguments: [
        ("last valid day, 23:59 local", "2026-02-09T23:59:00+01:00", 100, false),
        ("next day 00:00 local", "2026-02-10T00:00:00+01:00", 0, true),
    ])
    func lastDay(name: String, at: String, balanceBefore: Int, expired: Bool) throws {
        let engine = LoyaltyEngine(program: Self.program(.afterDays(30)))
        let earning = try engine.quote(basket: Fixture.basket(Fixture.line("A", 1, 10_000)), account: Fixture.account(), context: Fixture.context("2026-01-10T10:00:00+01:00"))
        let batch = try #require(earning.accountAfter?.pointBatches.first)
        #expect(batch.points == 100 && batch.expiresAt == Fixture.instant("2026-02-10T00:00:00+01:00"))
        let later = try engine.quote(basket: Fixture.basket(Fixture.line("B", 1, 0), saleId: "S-2"), account: earning.accountAfter, context: Fixture.context(at))
        #expect(later.accountAfter?.balance == balanceBefore, "\(name)")
        #expect(later.accountAfter?.lifetimePoints == 100, "\(name): expiry never lowers lifetime points")
        #expect(later.ledger.contains { $0.kind == .pointsExpired && $0.amount == -100 } == expired)
    }

    @Test("spending takes the oldest batch first, so fewer points expire")
    func oldestFirst() throws {
        let early = PointBatch(earnedAt: Fixture.instant("2026-01-05T10:00:00+01:00"), points: 300, expiresAt: Fixture.instant("2026-02-05T00:00:00+01:00"))
        let late = PointBatch(earnedAt: Fixture.instant("2026-01-25T10:00:00+01:00"), points: 300, expiresAt: Fixture.instant("2026-02-25T00:00:00+01:00"))
        var account = Fixture.account(balance: 600, lifetime: 600)
        account.pointBatches = [late, early]
        let engine = LoyaltyEngine(program: Self.program(.afterDays(30)))
        let redeeming = try engine.quote(
            basket: Fixture.basket(Fixture.line("A", 1, 1000), redeem: RedemptionRequest(rewards: ["five-euros-off"])), account: account,
            context: Fixture.context("2026-02-01T12:00:00+01:00")
        )
        let batches = try #require(redeeming.accountAfter?.pointBatches)
        #expect(batches.map(\.points) == [100, 5], "500 spent: 300 from the early batch, 200 from the late one; 5 new")
        let after = try engine.quote(basket: Fixture.basket(Fixture.line("B", 1, 0), saleId: "S-3"), account: redeeming.accountAfter, context: Fixture.context("2026-02-26T12:00:00+01:00"))
        #expect(after.accountAfter?.balance == 5, "only the late batch's 100 expired")
    }

    @Test("points outside any batch never expire and are spent first")
    func unbatched() {
        var wallet = PointsWallet(account: LoyaltyAccount(id: "C", balance: 150, pointBatches: [
            PointBatch(earnedAt: Fixture.instant("2026-01-05T10:00:00+01:00"), points: 100, expiresAt: Fixture.instant("2026-02-05T00:00:00+01:00")),
        ]))
        #expect(wallet.unbatched == 50)
        wallet.spend(70)
        #expect(wallet.account.balance == 80 && wallet.account.pointBatches.map(\.points) == [80])
        #expect(wallet.expire(at: Fixture.instant("2026-02-05T00:00:00+01:00")).map(\.points) == [80])
        #expect(wallet.account.balance == 0)
    }
}
