import Foundation
import Testing
@testable import Loyalty

/// Tiers are decided by lifetime points; a sale earns at the tier it started at.
@Suite("TierLadder")
struct TierLadderTests {
    static let ladder = LoyaltyProgram.standard.tiers

    @Test("tier by lifetime points (Bronze 0 / Silver 500 / Gold 1500)", arguments: [
        (0, "bronze"), (499, "bronze"), (500, "silver"), (1499, "silver"), (1500, "gold"), (99_999, "gold"),
    ])
    func tier(lifetime: Int, expected: String) {
        #expect(Self.ladder.tier(forLifetimePoints: lifetime)?.id == expected)
    }

    @Test("a sale crossing two thresholds earns at its starting tier; the next sale earns at the new one")
    func crossedTwice() throws {
        let engine = LoyaltyEngine(program: .standard)
        let account = Fixture.account(balance: 400, lifetime: 400)
        let big = try engine.quote(basket: Fixture.basket(Fixture.line("TV", 1, 120_000)), account: account, context: Fixture.context(Fixture.noon))
        #expect(big.tierBefore?.id == "bronze")
        #expect(big.multiplier.applied == 1, "earned at Bronze ×1, not Gold ×2")
        #expect(big.earned.points == 1200)
        #expect(big.tierAfter?.id == "gold", "400 + 1200 = 1600: Silver and Gold crossed in one sale")
        #expect(big.footer?.tierChanged == true)
        let next = try engine.quote(basket: Fixture.basket(Fixture.line("A", 1, 1000), saleId: "S-2"), account: big.accountAfter, context: Fixture.context(Fixture.noon))
        #expect(next.earned.points == 20, "the next sale earns at Gold ×2")
        #expect(next.footer?.tierChanged == false)
    }

    @Test("487 to spend with 987 lifetime is Silver (the seed footer): the balance does not decide the tier")
    func balanceVsLifetime() {
        #expect(Self.ladder.tier(forLifetimePoints: 987)?.name.text(in: .en) == "Silver")
        #expect(Self.ladder.nextTier(afterLifetimePoints: 987)?.id == "gold")
    }
}
