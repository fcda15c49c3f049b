import Foundation

/// Everything a sale does to loyalty: what storage records, what the receipt prints, what the
/// API answers. Produced by `LoyaltyEngine.quote`, a pure function of its inputs.
public struct SaleOutcome: Sendable, Hashable {
    public var saleId: String?
    public var mode: LoyaltyMode
    public var eligibility: Eligibility
    public var ticket: TicketTotals
    public var multiplier: MultiplierBreakdown
    public var earned: Earned
    /// Per-line contributions (exact, before the once-per-sale rounding).
    public var lines: [LineEarning]
    public var rewardsRedeemed: [RewardRedemption]
    public var vouchersRedeemed: [VoucherRedemption]
    /// VAT of the loyalty discount lines (vouchers and amount/percent-off rewards).
    public var discountVAT: [VATShare]
    /// Vouchers created at close (earned, and remainders kept).
    public var vouchersCreated: [Voucher]
    /// Redemptions refused, with the reason.
    public var rejections: [Rejection]
    /// The ledger movements to append, in order.
    public var ledger: [LedgerEntry]
    public var accountBefore: LoyaltyAccount?
    public var accountAfter: LoyaltyAccount?
    public var tierBefore: Tier?
    public var tierAfter: Tier?
    /// The serial counter after the vouchers of this sale: persist it with the sale.
    public var voucherSerials: VoucherSerialCounter
    /// What the receipt footer shows; nil when nothing is to be printed (anonymous sale).
    public var footer: FooterData?

    /// What storage keeps so that a later refund can reverse this sale pro rata.
    public var earningRecord: SaleEarningRecord {
        SaleEarningRecord(
            saleId: saleId ?? "", accountId: accountAfter?.id ?? "", mode: mode,
            lines: lines.map { SaleEarningRecord.Line(index: $0.index, sku: $0.sku, quantity: $0.quantity, weight: $0.weight) },
            points: earned.points, stamps: earned.stamps, cashback: earned.cashback, voucherValue: earned.voucherValue
        )
    }
}

/// The money side of the ticket.
public struct TicketTotals: Sendable, Hashable {
    /// Σ line totals incl. VAT, before loyalty.
    public var gross: Cents
    /// Free-product rewards.
    public var freeProducts: Cents
    /// Amount/percent-off rewards.
    public var rewardDiscount: Cents
    public var voucherPaid: Cents
    public var cashbackPaid: Cents
    /// Left to pay by other means; never below zero.
    public var due: Cents

    public init(gross: Cents, freeProducts: Cents = .zero, rewardDiscount: Cents = .zero, voucherPaid: Cents = .zero, cashbackPaid: Cents = .zero) {
        self.gross = gross
        self.freeProducts = freeProducts
        self.rewardDiscount = rewardDiscount
        self.voucherPaid = voucherPaid
        self.cashbackPaid = cashbackPaid
        self.due = gross - freeProducts - rewardDiscount - voucherPaid - cashbackPaid
    }
}

/// How the sale's multiplier was made (points modes).
public struct MultiplierBreakdown: Sendable, Hashable {
    /// The tier held when the sale started.
    public var tier: Decimal
    /// Birthday factor (1 when not the birthday).
    public var birthday: Decimal
    /// tier × birthday, capped at `maxMultiplier`.
    public var applied: Decimal
    /// Whether the cap lowered it.
    public var capped: Bool

    public init(tier: Decimal = 1, birthday: Decimal = 1, applied: Decimal = 1, capped: Bool = false) {
        self.tier = tier
        self.birthday = birthday
        self.applied = applied
        self.capped = capped
    }
}

/// What the sale earned, each rounded once.
public struct Earned: Sendable, Hashable {
    /// Points from the purchase (points, pointsThreshold modes), multipliers included.
    public var points: Int = 0
    /// Win-back bonus points.
    public var bonusPoints: Int = 0
    public var stamps: Int = 0
    public var cashback: Cents = .zero
    /// Value turned into vouchers (percentage, itemPoints: the sale's voucher; pointsThreshold:
    /// the vouchers of targets reached).
    public var voucherValue: Cents = .zero

    public init(points: Int = 0, bonusPoints: Int = 0, stamps: Int = 0, cashback: Cents = .zero, voucherValue: Cents = .zero) {
        self.points = points
        self.bonusPoints = bonusPoints
        self.stamps = stamps
        self.cashback = cashback
        self.voucherValue = voucherValue
    }
}

/// One line's part of the earning.
public struct LineEarning: Sendable, Hashable {
    public var index: Int
    public var sku: String
    public var quantity: Int
    /// Units given free by a reward (they earn nothing).
    public var freeUnits: Int
    /// Exact contribution in the mode's unit (points, stamps or cents), after the paid-by-loyalty
    /// share and the multiplier, before rounding.
    public var weight: Decimal
    /// Why the line earns nothing, when it does not.
    public var excluded: Exclusion?

    /// Why a line earns nothing.
    public enum Exclusion: String, Sendable, Hashable {
        case discounted, notEligible, noLoyaltyValue
    }

    public init(index: Int, sku: String, quantity: Int, freeUnits: Int = 0, weight: Decimal, excluded: Exclusion? = nil) {
        self.index = index
        self.sku = sku
        self.quantity = quantity
        self.freeUnits = freeUnits
        self.weight = weight
        self.excluded = excluded
    }
}

/// A reward bought on this ticket.
public struct RewardRedemption: Sendable, Hashable {
    public var reward: Reward
    /// Points or stamps paid.
    public var cost: Int
    /// Taken off the ticket (amount/percent-off, free product).
    public var discount: Cents
    /// Credited to the cashback wallet (cashback reward).
    public var credited: Cents

    public init(reward: Reward, cost: Int, discount: Cents, credited: Cents) {
        self.reward = reward
        self.cost = cost
        self.discount = discount
        self.credited = credited
    }
}

/// A voucher used on this ticket.
public struct VoucherRedemption: Sendable, Hashable {
    public var code: String
    public var value: Cents
    /// What it paid on this ticket.
    public var used: Cents
    /// `value − used`.
    public var remainder: Cents
    /// The new voucher holding the remainder (`keep`), nil when forfeited or none.
    public var remainderVoucher: String?

    public init(code: String, value: Cents, used: Cents, remainder: Cents, remainderVoucher: String?) {
        self.code = code
        self.value = value
        self.used = used
        self.remainder = remainder
        self.remainderVoucher = remainderVoucher
    }
}

/// A redemption the engine refused.
public struct Rejection: Sendable, Hashable {
    /// What was asked.
    public enum Subject: String, Sendable, Hashable {
        case reward, voucher, cashback
    }

    /// Why it was refused.
    public enum Reason: String, Sendable, Hashable {
        case notEligible, unknownReward, insufficientPoints, insufficientStamps, productNotInBasket
        case unknownVoucher, notYetActive, expired, alreadyRedeemed, voided, duplicate, nothingDue, emptyWallet
        case rewardsNotInMode
    }

    public var subject: Subject
    /// The reward id, voucher code, or cashback amount asked.
    public var reference: String
    public var reason: Reason

    public init(_ subject: Subject, _ reference: String, _ reason: Reason) {
        self.subject = subject
        self.reference = reference
        self.reason = reason
    }
}
