import Foundation

/// A reward the customer buys with points (points modes) or stamps (stamps mode).
public struct Reward: Sendable, Hashable {
    /// The four kinds of the AuraPOS document.
    public enum Kind: Sendable, Hashable {
        /// A percentage off the ticket on which it is redeemed (the "next" ticket after it was reached).
        case percentOffNextTicket(percent: Decimal)
        /// A fixed amount off the ticket on which it is redeemed (`-5 €`).
        case amountOff(Cents)
        /// One unit of an article free: the given SKU, or (no SKU) the cheapest eligible unit.
        case freeProduct(sku: String?)
        /// An amount credited to the cashback wallet.
        case cashback(Cents)

        /// The JSON name of the kind.
        public var name: String {
            switch self {
            case .percentOffNextTicket: return "percentOffNextTicket"
            case .amountOff: return "amountOff"
            case .freeProduct: return "freeProduct"
            case .cashback: return "cashback"
            }
        }
    }

    /// Stable identifier used by `POST /v1/orders/{id}/redeem {"reward": id}`.
    public var id: String
    public var kind: Kind
    /// Points (points modes) or stamps (stamps mode) the reward costs — the "reached at" figure.
    public var cost: Int
    /// Optional name per language; without it the receipt describes the reward from its kind.
    public var name: LocalizedText?

    public init(id: String, kind: Kind, cost: Int, name: LocalizedText? = nil) {
        self.id = id
        self.kind = kind
        self.cost = cost
        self.name = name
    }
}
