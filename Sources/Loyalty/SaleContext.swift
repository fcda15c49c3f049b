import Foundation

/// Everything about a sale's circumstances the engine needs besides basket and account.
public struct SaleContext: Sendable {
    /// The instant of the quote or close (from the service's clock).
    public var now: Date
    /// The store's time zone: days, birthdays, activation and expiry are counted in it.
    public var timeZone: TimeZone
    /// True only when the double-scan confirmation succeeded; without it the sale earns and
    /// redeems nothing.
    public var identityConfirmed: Bool
    /// Serial counter for the codes of vouchers created by this sale (returned advanced).
    public var voucherSerials: VoucherSerialCounter
    /// Language of the receipt when the account has none.
    public var storeLanguage: Language

    public init(
        now: Date, timeZone: TimeZone, identityConfirmed: Bool, voucherSerials: VoucherSerialCounter = VoucherSerialCounter(next: 1),
        storeLanguage: Language = .fr
    ) {
        self.now = now
        self.timeZone = timeZone
        self.identityConfirmed = identityConfirmed
        self.voucherSerials = voucherSerials
        self.storeLanguage = storeLanguage
    }
}

/// Whether a sale takes part in loyalty, and if not, why.
public enum Eligibility: String, Sendable, Hashable, CaseIterable {
    case eligible
    /// Nobody identified.
    case anonymous
    /// Identified but the second scan did not confirm: earns and redeems nothing.
    case notConfirmed
    /// The counter (walk-in) customer: never eligible.
    case counterCustomer
    /// The customer's file says not eligible.
    case customerExcluded
}
