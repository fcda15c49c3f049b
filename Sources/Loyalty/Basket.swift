import Foundation

/// The articles of a sale, as the kiosk UI sends them at checkout and close.
///
/// Prices are incl. VAT, in cents. A line's total is `quantity × unitPrice − discount` and is
/// never negative (decoding refuses a discount larger than the line).
public struct Basket: Sendable, Hashable {
    /// The sale's identifier (idempotency key towards the backend); optional for a quote.
    public var saleId: String?
    public var lines: [BasketLine]
    /// What the customer asks to redeem on this ticket.
    public var redemptions: RedemptionRequest

    public init(saleId: String? = nil, lines: [BasketLine], redemptions: RedemptionRequest = RedemptionRequest()) {
        self.saleId = saleId
        self.lines = lines
        self.redemptions = redemptions
    }

    /// Σ line totals incl. VAT.
    public var total: Cents { lines.reduce(.zero) { $0 + $1.total } }
}

/// One article line of a basket.
public struct BasketLine: Sendable, Hashable {
    public var sku: String
    public var family: String?
    /// Name shown on the ticket (informative).
    public var name: String?
    /// Units (≥ 1).
    public var quantity: Int
    /// Price of one unit incl. VAT.
    public var unitPrice: Cents
    /// VAT rate in percent (21, 12, 6, 0).
    public var vatRate: Decimal
    /// Discount on the whole line incl. VAT (0 when none).
    public var discount: Cents
    /// The line's own loyalty values, which win over `loyalty.rules`.
    public var loyaltyPercent: Decimal?
    public var loyaltyPoints: Decimal?
    public var stampEligible: Bool?
    public var loyaltyEligible: Bool?

    public init(
        sku: String, family: String? = nil, name: String? = nil, quantity: Int, unitPrice: Cents, vatRate: Decimal = 21,
        discount: Cents = .zero, loyaltyPercent: Decimal? = nil, loyaltyPoints: Decimal? = nil, stampEligible: Bool? = nil,
        loyaltyEligible: Bool? = nil
    ) {
        self.sku = sku
        self.family = family
        self.name = name
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.vatRate = vatRate
        self.discount = discount
        self.loyaltyPercent = loyaltyPercent
        self.loyaltyPoints = loyaltyPoints
        self.stampEligible = stampEligible
        self.loyaltyEligible = loyaltyEligible
    }

    /// `quantity × unitPrice − discount`, incl. VAT.
    public var total: Cents { unitPrice * quantity - discount }
}

/// Redemptions asked for on one ticket, applied in this order: rewards, vouchers, cashback.
public struct RedemptionRequest: Sendable, Hashable {
    /// Reward ids, each bought once with points or stamps.
    public var rewards: [String]
    /// Voucher codes (EAN-13 text) from the customer's wallet.
    public var vouchers: [String]
    /// Cashback wallet amount to pay with (capped by the wallet and by what is due).
    public var cashback: Cents

    public init(rewards: [String] = [], vouchers: [String] = [], cashback: Cents = .zero) {
        self.rewards = rewards
        self.vouchers = vouchers
        self.cashback = cashback
    }

    /// Whether nothing is asked.
    public var isEmpty: Bool { rewards.isEmpty && vouchers.isEmpty && cashback == .zero }
}
