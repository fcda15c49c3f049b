import Foundation

/// What a closed sale earned, line by line: the part of a `SaleOutcome` storage keeps so that
/// a refund can later reverse it pro rata (`LoyaltyEngine.refund`).
public struct SaleEarningRecord: Sendable, Hashable {
    public var saleId: String
    public var accountId: String
    public var mode: LoyaltyMode
    public var lines: [Line]
    /// Purchase points earned (bonus points are not reversed: they reward the visit).
    public var points: Int
    public var stamps: Int
    public var cashback: Cents
    public var voucherValue: Cents

    /// One sold line and how much of it has been returned so far.
    public struct Line: Sendable, Hashable {
        public var index: Int
        public var sku: String
        public var quantity: Int
        /// Exact contribution to the sale's earning (see `LineEarning.weight`).
        public var weight: Decimal
        /// Units already returned by earlier refunds.
        public var returned: Int

        public init(index: Int, sku: String, quantity: Int, weight: Decimal, returned: Int = 0) {
            self.index = index
            self.sku = sku
            self.quantity = quantity
            self.weight = weight
            self.returned = returned
        }
    }

    public init(
        saleId: String, accountId: String, mode: LoyaltyMode, lines: [Line], points: Int = 0, stamps: Int = 0, cashback: Cents = .zero,
        voucherValue: Cents = .zero
    ) {
        self.saleId = saleId
        self.accountId = accountId
        self.mode = mode
        self.lines = lines
        self.points = points
        self.stamps = stamps
        self.cashback = cashback
        self.voucherValue = voucherValue
    }

    /// The share of the sale's earning carried by returned units, in [0, 1].
    public var returnedShare: Decimal {
        let total = lines.reduce(Decimal(0)) { $0 + $1.weight }
        guard total > 0 else { return 0 }
        let returned = lines.reduce(Decimal(0)) { sum, line in
            line.quantity == 0 ? sum : sum + line.weight * Decimal(line.returned) / Decimal(line.quantity)
        }
        return returned / total
    }
}

/// Units of one line of an earlier sale brought back.
public struct ReturnedLine: Sendable, Hashable {
    /// Index of the line in the original basket.
    public var line: Int
    public var quantity: Int

    public init(line: Int, quantity: Int) {
        self.line = line
        self.quantity = quantity
    }
}

/// What a refund did to loyalty.
public struct RefundOutcome: Sendable, Hashable {
    public var saleId: String
    /// What the returned lines had earned (rounded once, cumulative over refunds of the sale).
    public var reversed: Earned
    /// What could not be taken back (already spent or redeemed): recorded, never charged twice.
    public var shortfall: Earned
    /// Units actually accepted per line (a return beyond what is left of a line is clamped).
    public var accepted: [ReturnedLine]
    public var ledger: [LedgerEntry]
    public var vouchersVoided: [String]
    public var vouchersCreated: [Voucher]
    public var accountBefore: LoyaltyAccount
    public var accountAfter: LoyaltyAccount
    public var tierBefore: Tier?
    public var tierAfter: Tier?
    /// The sale's record with the returned units added: store it in place of the old one.
    public var record: SaleEarningRecord
    public var voucherSerials: VoucherSerialCounter
}
