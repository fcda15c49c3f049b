import StrictJSON

/// One append-only movement of a customer's loyalty, as storage records it.
///
/// `amount` is signed from the customer's side (+ gained, − lost) in `unit`. Shortfall entries
/// record what a refund could not take back; their amount is what was owed and they change
/// nothing. Summing the entries of one unit over an account's life gives its holding.
public struct LedgerEntry: Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case pointsEarned, inactivityBonus, pointsRedeemed, pointsConverted, pointsExpired, pointsReversed
        case stampsEarned, stampsRedeemed, stampsReversed
        case cashbackEarned, cashbackCredited, cashbackSpent, cashbackReversed
        case voucherCreated, voucherRedeemed, voucherRemainderKept, voucherRemainderForfeited, voucherVoided
        case reversalShortfall
    }

    /// What `amount` counts.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        case points, stamps, cents
    }

    public var kind: Kind
    public var unit: Unit
    public var amount: Int
    /// Human-readable reason (`"sale S-1: 12,40 € × 1 pt/€ × 1"`).
    public var reason: String
    /// What the movement is about: a reward id, a voucher code, a sale id.
    public var reference: String?

    public init(_ kind: Kind, _ unit: Unit, _ amount: Int, reason: String, reference: String? = nil) {
        self.kind = kind
        self.unit = unit
        self.amount = amount
        self.reason = reason
        self.reference = reference
    }

    /// `{"kind", "unit", "amount", "reason", "reference"?}`.
    public var json: JSONValue {
        var object = JSONObject([
            ("kind", .string(kind.rawValue)), ("unit", .string(unit.rawValue)), ("amount", .number(String(amount))),
            ("reason", .string(reason)),
        ])
        if let reference { object["reference"] = .string(reference) }
        return .object(object)
    }
}
