import Foundation
import Identity
import StrictJSON

/// What the API shows of an order (`GET /v1/orders/{id}`): its phase and identity, never
/// more customer data than the credential the customer presented.
public struct OrderSnapshot: Sendable, Equatable {
    /// The order's id (`o-…`), chosen by the daemon.
    public let orderId: String
    /// The id the closed sale gets (store, kiosk and order), the backend's idempotency key.
    public let saleId: String
    /// The double-scan phase (`open`, `identified`, `awaitingConfirmation`, `confirmed`,
    /// `closed`, `cancelled`, `anonymous`).
    public let phase: DoubleScanConfirmation.Phase
    /// The identifying credential while there is one.
    public let credential: Credential?
    /// Mismatching second scans so far.
    public let mismatches: Int
    /// When the order was opened (wall clock).
    public let openedAt: Date
    /// Seconds left for the second scan, while awaiting it.
    public let secondsToConfirm: Int?
    /// True while the close is being committed.
    public let closing: Bool
    /// Vouchers and rewards asked for with `POST /v1/orders/{id}/redeem`.
    public let redemptions: OrderRedemptions

    /// The snapshot as the API's JSON object.
    public var json: JSONValue {
        var object = JSONObject([
            ("orderId", .string(orderId)), ("saleId", .string(saleId)), ("state", .string(phase.rawValue)),
            ("mismatches", .number(String(mismatches))), ("openedAt", .string(Self.iso8601(openedAt))),
        ])
        if let credential { object["credential"] = credential.json }
        if let secondsToConfirm { object["secondsToConfirm"] = .number(String(secondsToConfirm)) }
        if closing { object["closing"] = true }
        if !redemptions.isEmpty {
            object["redeem"] = [
                "vouchers": .array(redemptions.vouchers.map(JSONValue.string)),
                "rewards": .array(redemptions.rewards.map(JSONValue.string)),
            ]
        }
        return .object(object)
    }

    static func iso8601(_ date: Date) -> String { ISO8601Timestamp.string(date) }
}

/// The vouchers and rewards a customer asked to use on an order.
public struct OrderRedemptions: Sendable, Equatable {
    /// Voucher codes, in the order asked.
    public var vouchers: [String] = []
    /// Reward ids, in the order asked.
    public var rewards: [String] = []

    public init(vouchers: [String] = [], rewards: [String] = []) {
        self.vouchers = vouchers
        self.rewards = rewards
    }

    /// Whether nothing was asked.
    public var isEmpty: Bool { vouchers.isEmpty && rewards.isEmpty }
}
