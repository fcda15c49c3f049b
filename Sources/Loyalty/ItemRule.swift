import Foundation

/// The loyalty values of an article, from `loyalty.rules`, matched by SKU then by family.
///
/// Each value is optional: a line's own value wins, then a rule for its SKU that sets that
/// value, then a rule for its family that sets it (see `ItemValues.resolve`).
public struct ItemRule: Sendable, Hashable {
    /// What a rule applies to.
    public enum Match: Sendable, Hashable {
        case sku(String)
        case family(String)
    }

    public var match: Match
    /// `percentage` mode: percent of the line total (4 means 4 %).
    public var percent: Decimal?
    /// `itemPoints` / `pointsThreshold` modes: points per unit.
    public var points: Decimal?
    /// `stamps` mode: whether each unit earns a stamp.
    public var stampEligible: Bool?
    /// Every mode: `false` excludes the article from loyalty (tobacco, deposits, gift cards).
    public var eligible: Bool?

    public init(match: Match, percent: Decimal? = nil, points: Decimal? = nil, stampEligible: Bool? = nil, eligible: Bool? = nil) {
        self.match = match
        self.percent = percent
        self.points = points
        self.stampEligible = stampEligible
        self.eligible = eligible
    }
}
