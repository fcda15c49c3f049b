import Foundation

/// The two roundings the loyalty engine applies, each exactly once per sale.
///
/// Exact decimal arithmetic can leave artefacts in the 38th digit after a division
/// (`1/3 × 3 = 0.99…9`). Both roundings first settle the value to `settleScale` decimal
/// places, so a sum of thirds that is mathematically a whole number is treated as one.
public enum DecimalRounding {
    /// Decimal places kept before the final rounding; far below a thousandth of a cent.
    public static let settleScale = 12

    /// Half-up (ties away from zero) to an integer: `0.5 → 1`, `2.5 → 3`, `0.49 → 0`.
    public static func halfUp(_ value: Decimal) -> Int {
        integer(round(settle(value), scale: 0, mode: .plain))
    }

    /// Down to an integer toward zero, for points: `11.99 → 11`, `0.99…9 (artefact) → 1`.
    public static func floor(_ value: Decimal) -> Int {
        let settled = settle(value)
        return integer(round(settled, scale: 0, mode: settled < 0 ? .up : .down))
    }

    /// Rounds half-up to `scale` decimal places (e.g. a multiplier shown as `×1.5`).
    public static func halfUp(_ value: Decimal, scale: Int) -> Decimal {
        round(value, scale: scale, mode: .plain)
    }

    static func settle(_ value: Decimal) -> Decimal { round(value, scale: settleScale, mode: .plain) }

    static func round(_ value: Decimal, scale: Int, mode: Decimal.RoundingMode) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, scale, mode)
        return output
    }

    static func integer(_ value: Decimal) -> Int {
        NSDecimalNumber(decimal: value).intValue
    }
}
