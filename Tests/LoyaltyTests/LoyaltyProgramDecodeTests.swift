import Foundation
import StrictJSON
import Testing
@testable import Loyalty

@Suite("LoyaltyProgram decoding")
struct LoyaltyProgramDecodeTests {
    static func decode(_ text: String) throws -> LoyaltyProgram {
        try LoyaltyProgram.decode(JSONCursor(try JSONParser.parse(text), path: JSONPath("loyalty")))
    }

    static let full = """
        {
          "mode": "points", "pointsPerEuro": 1.5, "excludeDiscountedItems": true,
          "rules": [{"family": "SOFT", "percent": 4, "points": 5}, {"sku": "CIG", "eligible": false}],
          "tiers": [
            {"id": "bronze", "name": {"fr": "Bronze", "nl": "Brons", "en": "Bronze"}, "threshold": 0},
            {"id": "silver", "name": {"fr": "Argent", "nl": "Zilver", "en": "Silver"}, "threshold": 500, "multiplier": 1.25},
            {"id": "gold", "name": {"fr": "Or", "nl": "Goud", "en": "Gold"}, "threshold": 1500, "multiplier": 2}
          ],
          "maxMultiplier": 3, "birthday": {"multiplier": 2}, "inactivity": {"days": 90, "bonusPoints": 50},
          "rewards": [
            {"id": "five-off", "kind": "amountOff", "amountCents": 500, "cost": 500, "name": {"fr": "-5 € sur le ticket"}},
            {"id": "ten", "kind": "percentOffNextTicket", "percent": 10, "cost": 800},
            {"id": "coffee", "kind": "freeProduct", "sku": "COFFEE", "cost": 300},
            {"id": "cash", "kind": "cashback", "amountCents": 200, "cost": 250}
          ],
          "vouchers": {"prefix": "556", "validDays": 30, "activationDelayDays": 1, "delivery": "print", "vat": 21, "remainder": "forfeit"},
          "expiry": {"policy": "afterDays", "days": 365},
          "cardPrefix": "298",
          "labels": {"nl": {"title": "Klantenkaart"}}
        }
        """

    @Test("a full program decodes with exact decimals")
    func full() throws {
        let program = try Self.decode(Self.full)
        #expect(program.mode == .points)
        #expect(program.pointsPerEuro == Decimal(string: "1.5")!)
        #expect(program.tiers.tiers.map(\.threshold) == [0, 500, 1500])
        #expect(program.tiers.tiers[1].multiplier == Decimal(string: "1.25")!, "parsed from text, never through Double")
        #expect(program.rewards.map(\.kind) == [.amountOff(500), .percentOffNextTicket(percent: 10), .freeProduct(sku: "COFFEE"), .cashback(200)])
        #expect(program.vouchers == VoucherPolicy(prefix: "556", validDays: 30, activationDelayDays: 1, delivery: .print, vat: .fixed(21), remainder: .forfeit))
        #expect(program.expiry == .afterDays(365))
        #expect(program.inactivity == LoyaltyProgram.InactivityBonus(days: 90, bonusPoints: 50))
        #expect(program.labels[.nl]?[.title] == "Klantenkaart")
        #expect(program.cardPrefix == "298")
    }

    @Test("defaults: vouchers 555 in the wallet, prorata VAT, active next day, birthday ×2")
    func defaults() throws {
        let program = try Self.decode(#"{"mode": "percentage"}"#)
        #expect(program.vouchers == VoucherPolicy())
        #expect(program.vouchers.vat == .prorata && program.vouchers.activationDelayDays == 1 && program.vouchers.validDays == nil)
        #expect(program.birthdayMultiplier == 2 && program.maxMultiplier == 4)
        #expect(program.cardPrefix == "299")
        #expect(try Self.decode(#"{"mode": "stamps"}"#).rewards.map(\.id) == ["free-product"], "stamps mode gets a free product at the threshold")
        #expect(try Self.decode(#"{"mode": "points", "vouchers": {"vat": 0}}"#).vouchers.vat == .none)
    }

    @Test("the embedded default matches the seed: 1 pt/€, Bronze/Silver/Gold ×2, -5 € at 500 points")
    func standard() {
        let program = LoyaltyProgram.standard
        #expect(program.mode == .points && program.pointsPerEuro == 1)
        #expect(program.tiers.tiers.map { $0.name.text(in: .en) } == ["Bronze", "Silver", "Gold"])
        #expect(program.tiers.tiers.map(\.multiplier) == [1, 1, 2])
        #expect(program.rewards.map(\.cost) == [500] && program.rewards.first?.kind == .amountOff(500))
    }

    @Test("faults name the key path", arguments: [
        (#"{"mode": "points", "tiers": [{"id": "b", "name": "B", "threshold": 0}, {"id": "s", "name": "S", "threshold": "five"}]}"#,
         #"loyalty.tiers[1].threshold: expected an integer >= 0, got "five""#),
        (#"{"mode": "points", "tiers": [{"id": "b", "name": "B", "threshold": 0}, {"id": "s", "name": "S", "threshold": 0}]}"#,
         "loyalty.tiers[1].threshold: expected an integer > 0 (tiers in increasing order), got 0"),
        (#"{"mode": "points", "tiers": [{"id": "b", "name": "B", "threshold": 10}]}"#, "loyalty.tiers[0].threshold: expected an integer between 0 and 0, got 10"),
        (#"{"mode": "loyal"}"#, #"loyalty.mode: expected one of "points", "stamps", "cashback", "percentage", "itemPoints", "pointsThreshold", got "loyal""#),
        (#"{"mode": "points", "pointsPerEuro": 0}"#, "loyalty.pointsPerEuro: expected a decimal number > 0, got 0"),
        (#"{"mode": "points", "pointsPerEuro": 1, "color": 1}"#, "loyalty.color: unknown key"),
        (#"{"mode": "itemPoints"}"#, #"loyalty.conversionFactor: missing required key ("itemPoints" mode needs it)"#),
        (#"{"mode": "pointsThreshold", "conversionFactor": 0.05}"#, "loyalty.target: missing required key"),
        (#"{"mode": "cashback", "cashbackPercent": 5, "rewards": []}"#, #"loyalty.rewards: not used in "cashback" mode"#),
        (#"{"mode": "points", "rewards": [{"id": "a", "kind": "amountOff", "cost": 5}]}"#, "loyalty.rewards[0].amountCents: missing required key"),
        (#"{"mode": "points", "rewards": [{"id": "a", "kind": "amountOff", "amountCents": 5, "percent": 3, "cost": 5}]}"#, #"loyalty.rewards[0].percent: not used by a "amountOff" reward"#),
        (#"{"mode": "points", "rewards": [{"id": "a", "kind": "cashback", "amountCents": 5, "cost": 5}, {"id": "a", "kind": "cashback", "amountCents": 5, "cost": 5}]}"#, #"loyalty.rewards[1].id: duplicate reward id "a""#),
        (#"{"mode": "points", "vouchers": {"vat": "half"}}"#, #"loyalty.vouchers.vat: expected one of "prorata", got "half""#),
        (#"{"mode": "points", "vouchers": {"prefix": "29"}}"#, #"loyalty.vouchers.prefix: voucher prefix "29" overlaps card prefix "299""#),
        (#"{"mode": "points", "rules": [{"sku": "A", "family": "B"}]}"#, "loyalty.rules[0].family: a rule matches either"),
        (#"{"mode": "points", "rules": [{"percent": 4}]}"#, "loyalty.rules[0]: a rule needs"),
        (#"{"mode": "points", "expiry": {"policy": "endOfMonth", "days": 3}}"#, "loyalty.expiry.days: only used with"),
        (#"{"mode": "points", "labels": {"en": {"title": "X", "footer": "Y"}}}"#, "loyalty.labels.en.footer: unknown key"),
        (#"{"mode": "points", "labels": {"en": {"currentTier": "Tier {level}"}}}"#, "loyalty.labels.en.currentTier: unknown placeholder {level} (this label offers: {tier})"),
        (#"{"mode": "points", "labels": {"de": {}}}"#, "loyalty.labels.de: unknown key"),
    ])
    func faults(text: String, message: String) {
        do {
            _ = try Self.decode(text)
            Issue.record("expected a failure containing \(message)")
        } catch {
            #expect("\(error)".hasPrefix(message) || "\(error)".contains(message), "got: \(error)")
        }
    }
}
