import Foundation

/// One movement of a customer's loyalty balances: points, stamps, cashback or a voucher.
///
/// The ledger is append-only: an entry is never changed or deleted (the database refuses);
/// a correction is a new entry with the opposite amount.
public struct LedgerEntryRecord: Sendable, Equatable {
    /// Which balance the entry moves.
    public enum Kind: String, Sendable, CaseIterable {
        /// Spendable points.
        case points
        /// Stamps on the stamp card.
        case stamps
        /// Cashback wallet, in cents.
        case cashback
        /// Voucher value, in cents (+ when created, − when redeemed).
        case voucher
    }

    public var accountId: String
    public var kind: Kind
    /// Why the balance moved, e.g. `earn`, `bonus-birthday`, `redeem-reward`, `refund`,
    /// `voucher-created`, `voucher-redeemed`.
    public var reason: String
    /// Signed amount: points, stamps or cents.
    public var amount: Int64
    /// What the movement refers to, e.g. a voucher code or a reward id.
    public var reference: String?

    public init(accountId: String, kind: Kind, reason: String, amount: Int64, reference: String? = nil) {
        self.accountId = accountId
        self.kind = kind
        self.reason = reason
        self.amount = amount
        self.reference = reference
    }
}

/// A ledger entry as stored, with its place in the ledger.
public struct LedgerEntry: Sendable, Equatable {
    /// Monotonic id: the order in which entries were appended.
    public let entryId: Int64
    public let saleId: String
    public let recordedAt: Date
    public let record: LedgerEntryRecord
}

/// The sum of an account's ledger entries, per kind.
public struct LedgerBalances: Sendable, Equatable {
    public var points: Int64 = 0
    public var stamps: Int64 = 0
    public var cashbackCents: Int64 = 0
    public var voucherCents: Int64 = 0

    public init(points: Int64 = 0, stamps: Int64 = 0, cashbackCents: Int64 = 0, voucherCents: Int64 = 0) {
        self.points = points
        self.stamps = stamps
        self.cashbackCents = cashbackCents
        self.voucherCents = voucherCents
    }

    /// The balance of `kind`.
    public subscript(kind: LedgerEntryRecord.Kind) -> Int64 {
        get {
            switch kind {
            case .points: return points
            case .stamps: return stamps
            case .cashback: return cashbackCents
            case .voucher: return voucherCents
            }
        }
        set {
            switch kind {
            case .points: points = newValue
            case .stamps: stamps = newValue
            case .cashback: cashbackCents = newValue
            case .voucher: voucherCents = newValue
            }
        }
    }
}
