import Foundation

/// A tier of the program: decided by lifetime earned points, never by the spendable balance.
public struct Tier: Sendable, Hashable {
    /// Stable identifier (`silver`), used in JSON and by the backend.
    public var id: String
    /// Name printed on the ticket, per language.
    public var name: LocalizedText
    /// Lifetime points from which a customer holds this tier.
    public var threshold: Int
    /// Factor applied to the points of sales started at this tier (`2` for Gold ×2).
    public var multiplier: Decimal

    public init(id: String, name: LocalizedText, threshold: Int, multiplier: Decimal = 1) {
        self.id = id
        self.name = name
        self.threshold = threshold
        self.multiplier = multiplier
    }
}

/// The tiers of a program, ordered by increasing threshold (the first starts at 0).
public struct TierLadder: Sendable, Hashable {
    /// Tiers in increasing threshold order.
    public let tiers: [Tier]

    /// Wraps tiers already validated to be in strictly increasing threshold order.
    public init(_ tiers: [Tier]) { self.tiers = tiers.sorted { $0.threshold < $1.threshold } }

    /// The highest tier whose threshold is at most `lifetimePoints`, or nil without tiers.
    public func tier(forLifetimePoints lifetimePoints: Int) -> Tier? {
        tiers.last(where: { $0.threshold <= lifetimePoints }) ?? tiers.first
    }

    /// The next tier above the one held at `lifetimePoints`, if any.
    public func nextTier(afterLifetimePoints lifetimePoints: Int) -> Tier? {
        tiers.first(where: { $0.threshold > lifetimePoints })
    }
}
