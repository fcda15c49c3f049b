import Foundation

/// The loyalty values that apply to one basket line after resolution.
///
/// Resolution order per value: the line's own value, else the first rule for the line's SKU
/// that sets the value, else the first rule for the line's family that sets it.
public struct ItemValues: Sendable, Hashable {
    /// Percent of the line total (`percentage` mode); 0 when none applies.
    public var percent: Decimal
    /// Points per unit (`itemPoints`, `pointsThreshold`); 0 when none applies.
    public var points: Decimal
    /// Whether each unit earns a stamp (`stamps`); false when nothing says so.
    public var stampEligible: Bool
    /// Whether the line takes part in loyalty at all (default true).
    public var eligible: Bool

    /// Resolves `line`'s values against `rules`.
    public static func resolve(_ line: BasketLine, rules: [ItemRule]) -> ItemValues {
        let bySku = rules.filter { $0.match == .sku(line.sku) }
        let byFamily = line.family.map { family in rules.filter { $0.match == .family(family) } } ?? []
        func pick<T>(_ own: T?, _ value: (ItemRule) -> T?) -> T? {
            own ?? bySku.lazy.compactMap(value).first ?? byFamily.lazy.compactMap(value).first
        }
        return ItemValues(
            percent: pick(line.loyaltyPercent, \.percent) ?? 0,
            points: pick(line.loyaltyPoints, \.points) ?? 0,
            stampEligible: pick(line.stampEligible, \.stampEligible) ?? false,
            eligible: pick(line.loyaltyEligible, \.eligible) ?? true
        )
    }
}
