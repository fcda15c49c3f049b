import Foundation
import StrictJSON

extension SaleOutcome {
    /// The outcome as JSON (shape in docs/loyalty.md): the answer of `kioskctl quote --json`,
    /// of checkout/close in the local API, and what the outbox relays.
    public var json: JSONValue {
        JSONBuild.compact([
            ("saleId", JSONBuild.string(saleId)), ("mode", .string(mode.rawValue)), ("eligibility", .string(eligibility.rawValue)),
            ("ticket", ticket.json), ("multiplier", multiplier.json), ("earned", earned.json),
            ("lines", .array(lines.map(\.json))),
            ("rewardsRedeemed", .array(rewardsRedeemed.map(\.json))),
            ("vouchersRedeemed", .array(vouchersRedeemed.map(\.json))),
            ("discountVAT", .array(discountVAT.map(\.json))),
            ("vouchersCreated", .array(vouchersCreated.map(\.json))),
            ("rejections", .array(rejections.map(\.json))),
            ("ledger", .array(ledger.map(\.json))),
            ("tierBefore", tierBefore?.json ?? .null), ("tierAfter", tierAfter?.json ?? .null),
            ("accountAfter", accountAfter?.json ?? .null),
            ("nextVoucherSerial", .number(String(voucherSerials.next))),
        ])
    }
}

extension TicketTotals {
    /// `{"grossCents", "freeProductsCents", "rewardDiscountCents", "voucherPaidCents", "cashbackPaidCents", "dueCents"}`.
    public var json: JSONValue {
        JSONBuild.object([
            ("grossCents", JSONBuild.cents(gross)), ("freeProductsCents", JSONBuild.cents(freeProducts)),
            ("rewardDiscountCents", JSONBuild.cents(rewardDiscount)), ("voucherPaidCents", JSONBuild.cents(voucherPaid)),
            ("cashbackPaidCents", JSONBuild.cents(cashbackPaid)), ("dueCents", JSONBuild.cents(due)),
        ])
    }
}

extension MultiplierBreakdown {
    /// `{"tier", "birthday", "applied", "capped"}`.
    public var json: JSONValue {
        JSONBuild.object([
            ("tier", JSONBuild.decimal(tier)), ("birthday", JSONBuild.decimal(birthday)), ("applied", JSONBuild.decimal(applied)),
            ("capped", .bool(capped)),
        ])
    }
}

extension Earned {
    /// `{"points", "bonusPoints", "stamps", "cashbackCents", "voucherValueCents"}`.
    public var json: JSONValue {
        JSONBuild.object([
            ("points", JSONBuild.int(points)), ("bonusPoints", JSONBuild.int(bonusPoints)), ("stamps", JSONBuild.int(stamps)),
            ("cashbackCents", JSONBuild.cents(cashback)), ("voucherValueCents", JSONBuild.cents(voucherValue)),
        ])
    }
}

extension LineEarning {
    /// `{"index", "sku", "quantity", "freeUnits", "weight", "excluded"?}`.
    public var json: JSONValue {
        JSONBuild.compact([
            ("index", JSONBuild.int(index)), ("sku", .string(sku)), ("quantity", JSONBuild.int(quantity)),
            ("freeUnits", JSONBuild.int(freeUnits)), ("weight", JSONBuild.decimal(weight)),
            ("excluded", JSONBuild.string(excluded?.rawValue)),
        ])
    }
}

extension RewardRedemption {
    /// `{"reward", "kind", "cost", "discountCents", "creditedCents"}`.
    public var json: JSONValue {
        JSONBuild.object([
            ("reward", .string(reward.id)), ("kind", .string(reward.kind.name)), ("cost", JSONBuild.int(cost)),
            ("discountCents", JSONBuild.cents(discount)), ("creditedCents", JSONBuild.cents(credited)),
        ])
    }
}

extension VoucherRedemption {
    /// `{"code", "valueCents", "usedCents", "remainderCents", "remainderVoucher"?}`.
    public var json: JSONValue {
        JSONBuild.compact([
            ("code", .string(code)), ("valueCents", JSONBuild.cents(value)), ("usedCents", JSONBuild.cents(used)),
            ("remainderCents", JSONBuild.cents(remainder)), ("remainderVoucher", JSONBuild.string(remainderVoucher)),
        ])
    }
}

extension VATShare {
    /// `{"rate", "amountCents", "baseCents", "vatCents"}`.
    public var json: JSONValue {
        JSONBuild.object([
            ("rate", JSONBuild.decimal(rate)), ("amountCents", JSONBuild.cents(amount)), ("baseCents", JSONBuild.cents(base)),
            ("vatCents", JSONBuild.cents(vat)),
        ])
    }
}

extension Rejection {
    /// `{"subject", "reference", "reason"}`.
    public var json: JSONValue {
        JSONBuild.object([("subject", .string(subject.rawValue)), ("reference", .string(reference)), ("reason", .string(reason.rawValue))])
    }
}

extension Tier {
    /// `{"id", "name": {"fr", "nl", "en"}, "threshold", "multiplier"}`.
    public var json: JSONValue {
        JSONBuild.object([
            ("id", .string(id)), ("name", name.json), ("threshold", JSONBuild.int(threshold)), ("multiplier", JSONBuild.decimal(multiplier)),
        ])
    }
}
