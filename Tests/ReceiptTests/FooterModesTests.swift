import Foundation
import Identity
import Testing
@testable import Loyalty
@testable import Receipt

/// Footers of every mode and of redemptions, built from real engine outcomes.
@Suite("LoyaltyFooter modes")
struct FooterModesTests {
    static let brussels = TimeZone(identifier: "Europe/Brussels")!

    static func footer(_ program: LoyaltyProgram, _ lines: [BasketLine], _ account: LoyaltyAccount, redeem: RedemptionRequest = RedemptionRequest(),
                       now: String = "2026-03-28T23:58:00+01:00") throws -> [String] {
        let context = SaleContext(now: InstantText.parse(now)!, timeZone: brussels, identityConfirmed: true, voucherSerials: VoucherSerialCounter(next: 42))
        let outcome = try LoyaltyEngine(program: program).quote(basket: Basket(saleId: "S", lines: lines, redemptions: redeem), account: account, context: context)
        return LoyaltyFooter(try #require(outcome.footer)).texts
    }

    static let softs = [BasketLine(sku: "COLA", family: "SOFT", quantity: 3, unitPrice: 350)]
    static let softRules = [ItemRule(match: .family("SOFT"), percent: 4, points: 5)]

    @Test("percentage: the 0,42 € voucher, its validity and where it is (FR/NL/EN)", arguments: [
        (Language.fr, ["Programme de fidélité", "Bon d'achat gagné : 0,42 €", "Valable du 29/03/2026 au 27/04/2026", "Disponible dans votre portefeuille en ligne"]),
        (Language.nl, ["Getrouwheidsprogramma", "Verdiende waardebon: 0,42 €", "Geldig van 29/03/2026 tot 27/04/2026", "Beschikbaar in uw online portefeuille"]),
        (Language.en, ["Loyalty Program", "Voucher earned: 0.42 €", "Valid from 29/03/2026 to 27/04/2026", "Available in your online wallet"]),
    ])
    func percentage(language: Language, expected: [String]) throws {
        let program = LoyaltyProgram(mode: .percentage, rules: Self.softRules, vouchers: VoucherPolicy(validDays: 30))
        #expect(try Self.footer(program, Self.softs, LoyaltyAccount(id: "C", language: language)) == expected)
    }

    @Test("itemPoints without expiry, printed voucher: no wallet line")
    func itemPoints() throws {
        let program = LoyaltyProgram(mode: .itemPoints, conversionFactor: Decimal(string: "0.01")!, rules: Self.softRules, vouchers: VoucherPolicy(delivery: .print))
        #expect(try Self.footer(program, Self.softs, LoyaltyAccount(id: "C", language: .en)) == ["Loyalty Program", "Voucher earned: 0.15 €", "Valid from 29/03/2026"])
    }

    @Test("pointsThreshold: progress, then the 5 € voucher when the target is reached")
    func threshold() throws {
        let program = LoyaltyProgram(mode: .pointsThreshold, conversionFactor: Decimal(string: "0.05")!, target: 100, rules: Self.softRules)
        #expect(try Self.footer(program, Self.softs, LoyaltyAccount(id: "C", language: .fr)) == ["Programme de fidélité", "Points : 15/100 (+15)"])
        let reached = try Self.footer(program, Self.softs, LoyaltyAccount(id: "C", balance: 85, language: .en))
        #expect(reached == ["Loyalty Program", "Points: 0/100 (+15)", "Voucher earned: 5 €", "Valid from 29/03/2026", "Available in your online wallet"])
    }

    @Test("stamps: the 10th stamp makes the reward ready (NL)")
    func stamps() throws {
        let program = LoyaltyProgram(mode: .stamps, rules: [ItemRule(match: .sku("COFFEE"), stampEligible: true)], rewards: [
            Reward(id: "free", kind: .freeProduct(sku: nil), cost: 10, name: LocalizedText(fr: "Café offert", nl: "Gratis koffie", en: "Free coffee")),
        ])
        let lines = try Self.footer(program, [BasketLine(sku: "COFFEE", quantity: 1, unitPrice: 250)], LoyaltyAccount(id: "C", stamps: 9, language: .nl))
        #expect(lines == ["Getrouwheidsprogramma", "Stempels: 10/10 (+1)", "Beloning klaar: Gratis koffie"])
    }

    @Test("cashback: the wallet and what this ticket added (FR)")
    func cashback() throws {
        let program = LoyaltyProgram(mode: .cashback, cashbackPercent: 5)
        let lines = try Self.footer(program, [BasketLine(sku: "A", quantity: 1, unitPrice: 2420)], LoyaltyAccount(id: "C", cashback: 20, language: .fr))
        #expect(lines == ["Programme de fidélité", "Cagnotte : 1,20 € (+1 €)"])
    }

    @Test("a used voucher larger than the ticket: used amount and remainder kept or forfeited", arguments: [
        (VoucherRemainderPolicy.keep, "Voucher balance kept: 4 €"), (.forfeit, "Voucher balance forfeited: 4 €"),
    ])
    func remainder(policy: VoucherRemainderPolicy, line: String) throws {
        var program = LoyaltyProgram.standard
        program.vouchers.remainder = policy
        let code = EAN13(prefix: "555", serial: 7)!
        let voucher = Voucher(code: code, value: 1000, createdAt: Date(timeIntervalSince1970: 0), activeFrom: Date(timeIntervalSince1970: 0), expiresAt: nil)
        let lines = try Self.footer(program, [BasketLine(sku: "A", quantity: 1, unitPrice: 600)], LoyaltyAccount(id: "C", balance: 10, lifetimePoints: 10, vouchers: [voucher], language: .en),
                                    redeem: RedemptionRequest(vouchers: [code.digits]))
        #expect(Array(lines.prefix(3)) == ["Loyalty Program", "Voucher used: -6 €", line])
        #expect(lines[3] == "Cumulative points: 10 (+0)", "what the voucher paid earns nothing")
    }

    @Test("a reward used, a new tier, a birthday and a welcome-back bonus each get their line (FR)")
    func extras() throws {
        var program = LoyaltyProgram.standard
        program.inactivity = LoyaltyProgram.InactivityBonus(days: 90, bonusPoints: 50)
        let account = LoyaltyAccount(id: "C", balance: 600, lifetimePoints: 1490, birthday: Birthday(month: 3, day: 28), lastVisit: InstantText.parse("2025-01-01T12:00:00Z"), language: .fr)
        let lines = try Self.footer(program, [BasketLine(sku: "A", quantity: 1, unitPrice: 1000)], account, redeem: RedemptionRequest(rewards: ["five-euros-off"]))
        #expect(lines == [
            "Programme de fidélité", "Récompense utilisée : -5 €", "Points cumulés : 160 (+60)",
            "Récompense disponible : -5 € (atteinte à 500 pts)", "Nouveau niveau atteint : Or", "Joyeux anniversaire ! Points ×2", "Bonus de retour : +50 pts",
        ], "600 − 500 + 5 € × 2 (birthday) + 50")
    }

    @Test("unconfirmed identity: the title and the no-loyalty line, in each language", arguments: [
        (Language.en, "Card not confirmed: no loyalty on this ticket"), (.fr, "Carte non confirmée : pas de fidélité sur ce ticket"),
        (.nl, "Kaart niet bevestigd: geen getrouwheid op dit ticket"),
    ])
    func notConfirmed(language: Language, line: String) throws {
        let context = SaleContext(now: Date(timeIntervalSince1970: 0), timeZone: Self.brussels, identityConfirmed: false)
        let outcome = try LoyaltyEngine(program: .standard).quote(basket: Basket(lines: [BasketLine(sku: "A", quantity: 1, unitPrice: 100)]), account: LoyaltyAccount(id: "C", language: language), context: context)
        #expect(LoyaltyFooter(try #require(outcome.footer)).texts.last == line)
    }
}
