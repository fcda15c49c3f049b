import Foundation

/// A loyalty voucher as the store keeps it: one code, one value, redeemed once, in full.
public struct VoucherRecord: Sendable, Equatable {
    /// Where the voucher stands.
    public enum Status: String, Sendable {
        case active
        case redeemed
        case cancelled
    }

    /// The EAN-13 code (voucher prefix); unique in the store.
    public var code: String
    public var accountId: String
    public var valueCents: Int64
    public var createdAt: Date
    /// First instant the voucher may be redeemed (the next day in the store's time zone by default).
    public var activeFrom: Date
    /// Instant after which it may no longer be redeemed; nil = no expiry.
    public var expiresAt: Date?
    /// `wallet`, `print` or `manualPrint`.
    public var delivery: String
    public var status: Status
    /// The sale that created it, or nil for a voucher learnt from another store.
    public var createdBySaleId: String?
    public var redeemedBySaleId: String?
    public var redeemedAt: Date?
    /// True when the redemption was accepted offline (not checked with the backend).
    public var redeemedOffline: Bool

    public init(
        code: String, accountId: String, valueCents: Int64, createdAt: Date, activeFrom: Date,
        expiresAt: Date? = nil, delivery: String = "wallet", status: Status = .active,
        createdBySaleId: String? = nil, redeemedBySaleId: String? = nil, redeemedAt: Date? = nil,
        redeemedOffline: Bool = false
    ) {
        self.code = code
        self.accountId = accountId
        self.valueCents = valueCents
        self.createdAt = createdAt
        self.activeFrom = activeFrom
        self.expiresAt = expiresAt
        self.delivery = delivery
        self.status = status
        self.createdBySaleId = createdBySaleId
        self.redeemedBySaleId = redeemedBySaleId
        self.redeemedAt = redeemedAt
        self.redeemedOffline = redeemedOffline
    }
}

/// A voucher redeemed by a sale.
public struct VoucherRedemptionRecord: Sendable, Equatable {
    public var code: String
    public var accountId: String
    public var valueCents: Int64
    /// True when accepted under the offline policy, without the backend's single-use check.
    public var offline: Bool

    public init(code: String, accountId: String, valueCents: Int64, offline: Bool = false) {
        self.code = code
        self.accountId = accountId
        self.valueCents = valueCents
        self.offline = offline
    }
}
