import Foundation

/// One kiosk's loyalty program (`loyalty` in kioskd.json): mode, rates, tiers, bonuses,
/// rewards, vouchers, expiry and receipt label overrides.
///
/// Guarantees (when built by `decode` or `standard`): tiers in strictly increasing threshold
/// order starting at 0, unique reward ids, the mode's own parameters present, rates as exact
/// decimals. Build one with `decode(_:)` from config, or start from `standard`.
public struct LoyaltyProgram: Sendable, Hashable {
    public var mode: LoyaltyMode
    /// `points` mode: points per euro incl. VAT (default 1).
    public var pointsPerEuro: Decimal
    /// `stamps` mode: stamps that make a reward (default 10: the 10th coffee).
    public var stampThreshold: Int
    /// `cashback` mode: percent of the eligible amount excl. VAT (5 means 5 %).
    public var cashbackPercent: Decimal
    /// `itemPoints` / `pointsThreshold` modes: euros per point (`0.01`, `0.05`).
    public var conversionFactor: Decimal
    /// `pointsThreshold` mode: points that make one voucher of `target × conversionFactor` €.
    public var target: Int
    /// With it, a line that carries a discount earns nothing.
    public var excludeDiscountedItems: Bool
    /// Article values by SKU or family.
    public var rules: [ItemRule]
    public var tiers: TierLadder
    /// Upper bound of the product of multipliers (tier × birthday); default 4.
    public var maxMultiplier: Decimal
    /// Multiplier on the customer's birthday (store time zone); 1 disables it. Default 2.
    public var birthdayMultiplier: Decimal
    /// Win-back bonus: `bonusPoints` on the first visit after `days` days without one.
    public var inactivity: InactivityBonus?
    public var rewards: [Reward]
    public var vouchers: VoucherPolicy
    public var expiry: PointsExpiryPolicy
    /// First digits of loyalty cards (default `299`).
    public var cardPrefix: String
    /// Receipt label overrides per language (the Receipt module holds the defaults).
    public var labels: [Language: [FooterLabel: String]]

    /// The win-back bonus settings.
    public struct InactivityBonus: Sendable, Hashable {
        /// Whole local days since the last visit from which the bonus is granted.
        public var days: Int
        /// Points granted (not multiplied).
        public var bonusPoints: Int

        public init(days: Int, bonusPoints: Int) {
            self.days = days
            self.bonusPoints = bonusPoints
        }
    }

    /// A program with every setting given or defaulted.
    public init(
        mode: LoyaltyMode,
        pointsPerEuro: Decimal = 1,
        stampThreshold: Int = 10,
        cashbackPercent: Decimal = 0,
        conversionFactor: Decimal = 0,
        target: Int = 0,
        excludeDiscountedItems: Bool = false,
        rules: [ItemRule] = [],
        tiers: [Tier] = [],
        maxMultiplier: Decimal = 4,
        birthdayMultiplier: Decimal = 2,
        inactivity: InactivityBonus? = nil,
        rewards: [Reward] = [],
        vouchers: VoucherPolicy = VoucherPolicy(),
        expiry: PointsExpiryPolicy = .never,
        cardPrefix: String = "299",
        labels: [Language: [FooterLabel: String]] = [:]
    ) {
        self.mode = mode
        self.pointsPerEuro = pointsPerEuro
        self.stampThreshold = stampThreshold
        self.cashbackPercent = cashbackPercent
        self.conversionFactor = conversionFactor
        self.target = target
        self.excludeDiscountedItems = excludeDiscountedItems
        self.rules = rules
        self.tiers = TierLadder(tiers)
        self.maxMultiplier = maxMultiplier
        self.birthdayMultiplier = birthdayMultiplier
        self.inactivity = inactivity
        self.rewards = rewards
        self.vouchers = vouchers
        self.expiry = expiry
        self.cardPrefix = cardPrefix
        self.labels = labels
    }

    /// The reward with `id`, if the program has one.
    public func reward(id: String) -> Reward? { rewards.first(where: { $0.id == id }) }

    /// The embedded default: points mode, 1 pt/€, tiers Bronze 0 / Silver 500 / Gold 1500 (×2),
    /// a `-5 €` reward at 500 points, birthday ×2, vouchers `555…` in the wallet.
    public static let standard = LoyaltyProgram(
        mode: .points,
        pointsPerEuro: 1,
        tiers: [
            Tier(id: "bronze", name: LocalizedText(fr: "Bronze", nl: "Brons", en: "Bronze"), threshold: 0, multiplier: 1),
            Tier(id: "silver", name: LocalizedText(fr: "Argent", nl: "Zilver", en: "Silver"), threshold: 500, multiplier: 1),
            Tier(id: "gold", name: LocalizedText(fr: "Or", nl: "Goud", en: "Gold"), threshold: 1500, multiplier: 2),
        ],
        rewards: [Reward(id: "five-euros-off", kind: .amountOff(500), cost: 500)]
    )
}
