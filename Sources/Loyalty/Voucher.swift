import Foundation
import Identity

/// A loyalty voucher: an EAN-13 code worth a fixed amount, used once, in a customer's history.
///
/// Guarantees: usable only from `activeFrom` (inclusive) to `expiresAt` (exclusive), and only
/// while `status` is `issued`; redeeming marks it `redeemed` for good (single use).
public struct Voucher: Sendable, Hashable {
    /// Where the voucher stands in its life.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Created and not used (it may still be waiting for activation, or be expired).
        case issued
        /// Used on a ticket (fully; a remainder becomes a new voucher or is forfeited).
        case redeemed
        /// Cancelled (its sale was refunded before it was used).
        case void
    }

    /// Why the voucher exists.
    public enum Origin: String, Sendable, Hashable, CaseIterable {
        /// Earned by a sale (percentage, itemPoints or pointsThreshold mode).
        case earned
        /// What was left of a larger voucher used on a smaller ticket.
        case remainder
        /// Re-issued with a lower value after a partial refund of the sale that earned it.
        case reissued
    }

    /// Whether a voucher can pay at an instant, and if not, why.
    public enum Usability: Sendable, Hashable {
        case usable
        case notYetActive(activeFrom: Date)
        case expired(expiresAt: Date)
        case alreadyRedeemed
        case void
    }

    public var code: EAN13
    public var value: Cents
    public var createdAt: Date
    /// First instant it can be used (local midnight after `activationDelayDays`).
    public var activeFrom: Date
    /// First instant it can no longer be used (local midnight after the last valid day); nil: never.
    public var expiresAt: Date?
    public var delivery: VoucherDelivery
    public var status: Status
    public var origin: Origin
    /// The sale that created it.
    public var saleId: String?
    public var redeemedAt: Date?
    /// The sale that used it.
    public var redeemedSaleId: String?

    public init(
        code: EAN13, value: Cents, createdAt: Date, activeFrom: Date, expiresAt: Date?, delivery: VoucherDelivery = .wallet,
        status: Status = .issued, origin: Origin = .earned, saleId: String? = nil, redeemedAt: Date? = nil,
        redeemedSaleId: String? = nil
    ) {
        self.code = code
        self.value = value
        self.createdAt = createdAt
        self.activeFrom = activeFrom
        self.expiresAt = expiresAt
        self.delivery = delivery
        self.status = status
        self.origin = origin
        self.saleId = saleId
        self.redeemedAt = redeemedAt
        self.redeemedSaleId = redeemedSaleId
    }

    /// Whether the voucher can pay at `instant`.
    public func usability(at instant: Date) -> Usability {
        switch status {
        case .redeemed: return .alreadyRedeemed
        case .void: return .void
        case .issued: break
        }
        if instant < activeFrom { return .notYetActive(activeFrom: activeFrom) }
        if let expiresAt, instant >= expiresAt { return .expired(expiresAt: expiresAt) }
        return .usable
    }
}

/// Where voucher serial numbers come from: a counter the caller owns and persists.
///
/// The engine takes the counter's current value and returns the advanced counter in the
/// outcome; storing `next` in the same transaction as the sale keeps serials unique. Give
/// each kiosk its own range (`VoucherSerialCounter(next: kioskNumber * 10_000_000)`) when
/// several kiosks issue vouchers offline.
public struct VoucherSerialCounter: Sendable, Hashable {
    /// The serial the next voucher gets.
    public var next: UInt64

    public init(next: UInt64) { self.next = next }

    /// Returns the next serial and advances the counter.
    public mutating func take() -> UInt64 {
        defer { next += 1 }
        return next
    }
}

/// One earning batch of points, so that points can expire batch by batch.
public struct PointBatch: Sendable, Hashable {
    public var earnedAt: Date
    /// Points of the batch still in the balance.
    public var points: Int
    /// First instant the batch's points are gone (local midnight after the last valid day).
    public var expiresAt: Date?
    /// The sale that earned it.
    public var saleId: String?

    public init(earnedAt: Date, points: Int, expiresAt: Date?, saleId: String? = nil) {
        self.earnedAt = earnedAt
        self.points = points
        self.expiresAt = expiresAt
        self.saleId = saleId
    }
}
