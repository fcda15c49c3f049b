import Foundation

/// A customer's loyalty account, keyed by a plain account id (the service maps badges and
/// cards onto it).
///
/// Guarantees kept by the engine: `balance`, `stamps` and `cashback` never go below zero;
/// `lifetimePoints` only grows, except by what a refund reverses; the sum of `pointBatches`
/// never exceeds `balance` (points outside a batch never expire and are spent first).
public struct LoyaltyAccount: Sendable, Hashable {
    public var id: String
    /// Spendable points.
    public var balance: Int
    /// Points ever earned (tier-qualifying); redemption and expiry never lower it.
    public var lifetimePoints: Int
    public var stamps: Int
    /// Cashback wallet, usable as a payment.
    public var cashback: Cents
    /// Every voucher of the customer, used or not (the voucher history), oldest first.
    public var vouchers: [Voucher]
    /// Earning batches when points expire; oldest first.
    public var pointBatches: [PointBatch]
    public var birthday: Birthday?
    /// Instant of the last eligible sale.
    public var lastVisit: Date?
    /// Profile language for the receipt; nil: the store's default.
    public var language: Language?
    /// `false` excludes the customer from loyalty (RESTOMAX: "eligible customers").
    public var eligible: Bool
    /// A counter (walk-in) customer: never eligible.
    public var counter: Bool

    public init(
        id: String, balance: Int = 0, lifetimePoints: Int = 0, stamps: Int = 0, cashback: Cents = .zero, vouchers: [Voucher] = [],
        pointBatches: [PointBatch] = [], birthday: Birthday? = nil, lastVisit: Date? = nil, language: Language? = nil,
        eligible: Bool = true, counter: Bool = false
    ) {
        self.id = id
        self.balance = balance
        self.lifetimePoints = lifetimePoints
        self.stamps = stamps
        self.cashback = cashback
        self.vouchers = vouchers
        self.pointBatches = pointBatches
        self.birthday = birthday
        self.lastVisit = lastVisit
        self.language = language
        self.eligible = eligible
        self.counter = counter
    }

    /// The voucher with `code`, if it is in this account.
    public func voucher(code: String) -> Voucher? { vouchers.first(where: { $0.code.digits == code }) }
}

/// A birthday: month and day, the year optional (not needed to celebrate it).
public struct Birthday: Sendable, Hashable, CustomStringConvertible {
    public let month: Int
    public let day: Int
    public let year: Int?

    /// A valid month/day (29 February allowed); nil otherwise.
    public init?(month: Int, day: Int, year: Int? = nil) {
        guard (1...12).contains(month), day >= 1, day <= InstantText.daysIn(month: month, year: year ?? 2000) else { return nil }
        self.month = month
        self.day = day
        self.year = year
    }

    /// Whether `date` is the day to celebrate: the same month and day, and for 29 February
    /// in a year without one, 28 February.
    public func isCelebrated(on date: LocalDate) -> Bool {
        if month == 2 && day == 29 && !LocalDate.isLeapYear(date.year) { return date.month == 2 && date.day == 28 }
        return date.month == month && date.day == day
    }

    /// `1992-02-29`, or `--02-29` without a year (ISO 8601).
    public var description: String {
        let monthDay = String(format: "%02d-%02d", month, day)
        return year.map { String(format: "%04d-", $0) + monthDay } ?? "--" + monthDay
    }
}
