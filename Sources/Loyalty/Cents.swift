import Foundation

/// An amount of money in euro cents (an integer, never a floating-point euro value).
///
/// Guarantees: arithmetic is exact integer arithmetic; conversions from exact decimals go
/// through `Cents(rounding:)`, which rounds half-up to the cent exactly once. Negative
/// values are allowed (ledger reversals, discounts) but never produced for a ticket total.
public struct Cents: Sendable, Hashable, Comparable, AdditiveArithmetic, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    /// The number of cents (`350` is 3,50 €).
    public var value: Int

    /// Wraps a number of cents.
    public init(_ value: Int) { self.value = value }

    public init(integerLiteral value: Int) { self.value = value }

    /// Rounds an exact amount in cents half-up (away from zero on a tie) to a whole cent.
    public init(rounding exactCents: Decimal) {
        self.value = DecimalRounding.halfUp(exactCents)
    }

    /// Zero cents.
    public static let zero = Cents(0)

    /// The amount in euros as an exact decimal (`350` → `3.5`).
    public var euros: Decimal { Decimal(value) / 100 }

    /// The amount as an exact decimal number of cents.
    public var decimal: Decimal { Decimal(value) }

    public static func + (lhs: Cents, rhs: Cents) -> Cents { Cents(lhs.value + rhs.value) }
    public static func - (lhs: Cents, rhs: Cents) -> Cents { Cents(lhs.value - rhs.value) }
    public static func * (lhs: Cents, rhs: Int) -> Cents { Cents(lhs.value * rhs) }
    public static prefix func - (amount: Cents) -> Cents { Cents(-amount.value) }
    public static func < (lhs: Cents, rhs: Cents) -> Bool { lhs.value < rhs.value }

    /// `350 ct` — for logs and test messages; receipts use `AmountFormat` in Receipt.
    public var description: String { "\(value) ct" }
}
