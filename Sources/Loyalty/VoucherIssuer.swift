import Foundation
import Identity

/// Creates vouchers: code from the prefix and the injected serial counter, activation and
/// validity counted in local days of the store.
///
/// Guarantees: `activeFrom` is local midnight `activationDelayDays` days after the creation day
/// (or the creation instant itself with a delay of 0); `expiresAt` is local midnight after the
/// last valid day, the last valid day being activation day + `validDays` − 1. A 30-day voucher
/// created 28 March 2026 23:58 in Europe/Brussels is active 29 March 00:00 (+01:00) up to
/// 27 April 23:59:59 (+02:00).
public struct VoucherIssuer: Sendable {
    public let policy: VoucherPolicy
    public let calendar: StoreCalendar

    public init(policy: VoucherPolicy, calendar: StoreCalendar) {
        self.policy = policy
        self.calendar = calendar
    }

    /// Why no code could be made.
    public enum Failure: Error, Sendable, Equatable {
        /// The serial does not fit in the twelve digits left by the prefix.
        case serialExhausted(prefix: String, serial: UInt64)
    }

    /// First instant a voucher created at `createdAt` can be used.
    public func activeFrom(createdAt: Date) -> Date {
        guard policy.activationDelayDays > 0 else { return createdAt }
        return calendar.startOfDay(calendar.localDate(of: createdAt).adding(days: policy.activationDelayDays))
    }

    /// First instant a voucher active from `activeFrom` is no longer valid; nil without `validDays`.
    public func expiresAt(activeFrom: Date) -> Date? {
        guard let validDays = policy.validDays else { return nil }
        return calendar.startOfDay(calendar.localDate(of: activeFrom).adding(days: validDays))
    }

    /// The EAN-13 code for `serial` with the policy's prefix.
    /// - Throws: `Failure.serialExhausted` when the serial is too wide for the prefix.
    public func code(serial: UInt64) throws(Failure) -> EAN13 {
        guard let code = EAN13(prefix: policy.prefix, serial: serial) else {
            throw .serialExhausted(prefix: policy.prefix, serial: serial)
        }
        return code
    }

    /// A new earned voucher worth `value`, taking its serial from `serials`.
    /// - Throws: `Failure.serialExhausted`.
    public func issue(value: Cents, at now: Date, saleId: String?, serials: inout VoucherSerialCounter) throws(Failure) -> Voucher {
        let code = try code(serial: serials.take())
        let activeFrom = activeFrom(createdAt: now)
        return Voucher(
            code: code, value: value, createdAt: now, activeFrom: activeFrom, expiresAt: expiresAt(activeFrom: activeFrom),
            delivery: policy.delivery, origin: .earned, saleId: saleId
        )
    }

    /// A voucher carrying what is left of `original` (or its re-issued value): a new code,
    /// the original's expiry; active at once for a remainder, the original's dates when re-issued.
    /// - Throws: `Failure.serialExhausted`.
    public func replace(
        _ original: Voucher, value: Cents, origin: Voucher.Origin, at now: Date, saleId: String?, serials: inout VoucherSerialCounter
    ) throws(Failure) -> Voucher {
        Voucher(
            code: try code(serial: serials.take()), value: value, createdAt: now,
            activeFrom: origin == .remainder ? now : original.activeFrom, expiresAt: original.expiresAt,
            delivery: original.delivery, origin: origin, saleId: origin == .remainder ? saleId : original.saleId
        )
    }
}
