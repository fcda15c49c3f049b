import Foundation

/// The facts the receipt footer prints for one sale, already in the store's calendar.
///
/// Produced by the engine; the Receipt module turns it into language-tagged lines
/// (`LoyaltyFooter`). Which facts are set depends on the mode.
public struct FooterData: Sendable, Hashable {
    public var language: Language
    public var mode: LoyaltyMode
    /// The sale was identified but not confirmed: only the "no loyalty" line prints.
    public var identityNotConfirmed: Bool = false
    /// The account figures come from the kiosk's cache (the backend did not answer the
    /// identification's lookup): they may lag behind what other stores recorded.
    public var accountFromCache: Bool = false

    /// Spendable points after the sale (points modes).
    public var balance: Int = 0
    /// Points this sale added (purchase + bonus), the `(+12)`.
    public var pointsDelta: Int = 0
    /// The reward shown as "available": the dearest one the balance affords, else the cheapest
    /// one not reached yet (with its cost: "reached at 500 pts").
    public var availableReward: Reward?
    /// Tier after the sale (nil without tiers or outside points modes).
    public var tier: Tier?
    /// Whether the sale moved the customer to `tier`.
    public var tierChanged: Bool = false
    public var birthdayMultiplier: Decimal?
    public var welcomeBackPoints: Int?

    public var stamps: Int = 0
    public var stampsDelta: Int = 0
    public var stampThreshold: Int = 0
    /// A stamps reward the customer can claim now.
    public var stampRewardReady: Reward?

    public var cashbackWallet: Cents = .zero
    public var cashbackDelta: Cents = .zero

    /// `pointsThreshold`: the target.
    public var target: Int = 0

    public var vouchersEarned: [VoucherLine] = []
    public var rewardsRedeemed: [Reward] = []
    public var vouchersUsed: [VoucherRedemption] = []
    public var remainderPolicy: VoucherRemainderPolicy = .keep
    public var cashbackUsed: Cents = .zero

    /// A voucher as the receipt shows it.
    public struct VoucherLine: Sendable, Hashable {
        public var code: String
        public var value: Cents
        /// First local day of use.
        public var from: LocalDate
        /// Last local day of use; nil: no expiry.
        public var until: LocalDate?
        public var delivery: VoucherDelivery

        public init(code: String, value: Cents, from: LocalDate, until: LocalDate?, delivery: VoucherDelivery) {
            self.code = code
            self.value = value
            self.from = from
            self.until = until
            self.delivery = delivery
        }
    }

    public init(language: Language, mode: LoyaltyMode) {
        self.language = language
        self.mode = mode
    }
}
