import Foundation
import Testing
@testable import Loyalty

/// Birthday multiplier, inactivity bonus, multiplier cap — through the engine.
@Suite("LoyaltyEngine bonuses")
struct LoyaltyEngineBonusTests {
    static func account(birthday: Birthday? = nil, lastVisit: String? = nil, lifetime: Int = 0) -> LoyaltyAccount {
        var account = Fixture.account(lifetime: lifetime)
        account.birthday = birthday
        account.lastVisit = lastVisit.map(Fixture.instant)
        return account
    }

    @Test("birthday ×2 in the store's time zone; 29 February celebrated on 28 February 2027", arguments: [
        ("28 Feb 2027 noon Brussels", "2027-02-28T12:00:00+01:00", 20),
        ("28 Feb 2027 00:30 Brussels, still 27 Feb in UTC", "2027-02-27T23:30:00Z", 20),
        ("28 Feb 2027 23:30 Brussels", "2027-02-28T23:30:00+01:00", 20),
        ("1 Mar 2027 00:30 Brussels, still 28 Feb in UTC", "2027-02-28T23:30:00Z", 10),
        ("27 Feb 2027", "2027-02-27T12:00:00+01:00", 10),
        ("29 Feb 2028", "2028-02-29T12:00:00+01:00", 20),
        ("28 Feb 2028 (leap year: not the day)", "2028-02-28T12:00:00+01:00", 10),
    ])
    func birthday(name: String, now: String, points: Int) throws {
        let program = LoyaltyProgram(mode: .points)
        let outcome = try Fixture.quote(program, Fixture.basket(Fixture.line("A", 1, 1000)), Self.account(birthday: Birthday(month: 2, day: 29, year: 2000)), at: now)
        #expect(outcome.earned.points == points, "\(name): \(points) points")
        #expect(outcome.footer?.birthdayMultiplier == (points == 20 ? 2 : nil))
    }

    @Test("multipliers multiply (Gold ×2 × birthday ×2) up to maxMultiplier", arguments: [
        (Decimal(4), 40, false), (Decimal(3), 30, true), (Decimal(string: "2.5")!, 25, true),
    ])
    func cap(maxMultiplier: Decimal, points: Int, capped: Bool) throws {
        var program = LoyaltyProgram.standard
        program.maxMultiplier = maxMultiplier
        let outcome = try Fixture.quote(program, Fixture.basket(Fixture.line("A", 1, 1000)), Self.account(birthday: Birthday(month: 5, day: 12), lifetime: 2000))
        #expect(outcome.multiplier.tier == 2 && outcome.multiplier.birthday == 2)
        #expect(outcome.multiplier.applied == min(4, maxMultiplier))
        #expect(outcome.multiplier.capped == capped)
        #expect(outcome.earned.points == points)
    }

    @Test("inactivity bonus on the first visit after N days, counted in local days", arguments: [
        ("90 days after the last visit", "2026-02-11T12:00:00+01:00", 50),
        ("89 days", "2026-02-12T12:00:00+01:00", 0),
        ("90 calendar days even if fewer than 90×24 hours", "2026-02-11T23:30:00+01:00", 50),
    ])
    func inactivity(name: String, lastVisit: String, bonus: Int) throws {
        var program = LoyaltyProgram(mode: .points)
        program.inactivity = LoyaltyProgram.InactivityBonus(days: 90, bonusPoints: 50)
        let outcome = try Fixture.quote(program, Fixture.basket(Fixture.line("A", 1, 1000)), Self.account(lastVisit: lastVisit))
        #expect(outcome.earned.bonusPoints == bonus, "\(name)")
        #expect(outcome.accountAfter?.balance == 10 + bonus)
        #expect(outcome.accountAfter?.lifetimePoints == 10 + bonus)
        #expect(outcome.accountAfter?.lastVisit == Fixture.instant(Fixture.noon), "the visit is recorded")
    }

    @Test("no bonus on a first visit ever")
    func firstVisit() throws {
        var program = LoyaltyProgram(mode: .points)
        program.inactivity = LoyaltyProgram.InactivityBonus(days: 90, bonusPoints: 50)
        let outcome = try Fixture.quote(program, Fixture.basket(Fixture.line("A", 1, 1000)), Self.account())
        #expect(outcome.earned.bonusPoints == 0)
    }
}
