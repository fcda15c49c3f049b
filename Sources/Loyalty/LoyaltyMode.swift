/// How a program turns a sale into loyalty (the six modes of the two product documents).
public enum LoyaltyMode: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// ⌊eligible amount incl. VAT × `pointsPerEuro` × multipliers⌋ points into the balance.
    case points
    /// One stamp per unit of a stamp-eligible item; a reward at `stampThreshold` stamps.
    case stamps
    /// Eligible amount excl. VAT × `cashbackPercent`, in cents, into the cashback wallet.
    case cashback
    /// Σ line total × item percent → a voucher (RESTOMAX "percentage").
    case percentage
    /// Σ item points × quantity × `conversionFactor` € → a voucher (RESTOMAX "in points").
    case itemPoints
    /// Σ item points × quantity accumulate; each `target` reached → a voucher of
    /// `target × conversionFactor` € (RESTOMAX "points with threshold").
    case pointsThreshold

    public var description: String { rawValue }

    /// Whether the sale's earning goes into the points balance (and tiers can be climbed).
    public var earnsPoints: Bool { self == .points || self == .pointsThreshold }

    /// Whether the sale's earning becomes vouchers created at close.
    public var earnsVouchers: Bool { self == .percentage || self == .itemPoints || self == .pointsThreshold }

    /// Whether rewards can be bought with the balance (points) or stamps in this mode.
    public var hasRewards: Bool { self == .points || self == .stamps || self == .pointsThreshold }
}
