import Foundation

/// How a voucher reaches the customer (RESTOMAX options).
public enum VoucherDelivery: String, Sendable, Hashable, CaseIterable {
    /// Kept in the online wallet only, never printed (the default).
    case wallet
    /// Printed automatically on a voucher slip at close.
    case print
    /// Printed only when the cashier asks for it.
    case manualPrint
}

/// The VAT applied to the dedicated line a redeemed voucher adds to the ticket.
public enum VoucherVATTreatment: Sendable, Hashable {
    /// No VAT on the voucher line: it acts as a payment and the ticket's VAT is unchanged.
    case none
    /// One fixed rate (e.g. 21 %) for the whole voucher line.
    case fixed(Decimal)
    /// Spread over the ticket's VAT rates in proportion to each rate's share (the default):
    /// a free loyalty voucher is a discount and lowers the taxable amount of what it buys.
    case prorata
}

/// What happens to the part of a voucher larger than the ticket it pays.
public enum VoucherRemainderPolicy: String, Sendable, Hashable, CaseIterable {
    /// The remainder becomes a new voucher (same expiry, active at once).
    case keep
    /// The remainder is lost; the receipt says so.
    case forfeit
}

/// The voucher settings of a program (`loyalty.vouchers`).
public struct VoucherPolicy: Sendable, Hashable {
    /// First digits of voucher codes (default `555`).
    public var prefix: String
    /// Days of validity counted from the activation day (nil: never expires).
    public var validDays: Int?
    /// Whole local days after creation before a voucher can be used (default 1: next day 00:00).
    public var activationDelayDays: Int
    public var delivery: VoucherDelivery
    public var vat: VoucherVATTreatment
    public var remainder: VoucherRemainderPolicy
    /// Vouchers below this value are not created (default 1 ct: never a 0,00 € voucher).
    public var minimumValue: Cents

    public init(
        prefix: String = "555", validDays: Int? = nil, activationDelayDays: Int = 1, delivery: VoucherDelivery = .wallet,
        vat: VoucherVATTreatment = .prorata, remainder: VoucherRemainderPolicy = .keep, minimumValue: Cents = 1
    ) {
        self.prefix = prefix
        self.validDays = validDays
        self.activationDelayDays = activationDelayDays
        self.delivery = delivery
        self.vat = vat
        self.remainder = remainder
        self.minimumValue = minimumValue
    }
}

/// When earned points expire, per earning batch (`loyalty.expiry`).
public enum PointsExpiryPolicy: Sendable, Hashable {
    /// Points never expire (the default).
    case never
    /// Points earned on day D are valid through day D + N (local), gone at the next midnight.
    case afterDays(Int)
    /// Points are valid through the last day of the month they were earned in.
    case endOfMonth
    /// Points are valid through 31 December of the year they were earned in.
    case endOfYear

    /// The last local day on which points earned on `earned` can be spent, or nil when they never expire.
    public func lastValidDay(earnedOn earned: LocalDate) -> LocalDate? {
        switch self {
        case .never: return nil
        case .afterDays(let days): return earned.adding(days: days)
        case .endOfMonth: return earned.endOfMonth
        case .endOfYear: return LocalDate(year: earned.year, month: 12, day: 31)
        }
    }
}
