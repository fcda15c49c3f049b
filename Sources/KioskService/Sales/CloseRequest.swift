import Loyalty
import StrictJSON

/// The body of `POST /v1/orders/{id}/close` (and of checkout, without payments):
/// `{"basket": {…}, "payments": [{"method": "card", "amountCents": 1250}]}`.
public struct CloseRequest: Sendable {
    /// One payment of the ticket, as the kiosk's payment terminal reported it.
    public struct Payment: Sendable, Equatable {
        /// `card`, `cash`, `voucher`, … (free text, up to 32 characters).
        public var method: String
        public var amountCents: Int

        var json: JSONValue { ["method": .string(method), "amountCents": .number(String(amountCents))] }
    }

    /// The basket, decoded by the loyalty engine's strict decoder.
    public var basket: Basket
    /// The basket as sent, relayed to the backend unchanged.
    public var basketJSON: JSONValue
    public var payments: [Payment]

    /// Most payments on one ticket.
    public static let maximumPayments = 20

    /// Decodes a close (or, with `paymentsAllowed: false`, a checkout) body strictly.
    /// - Throws: `JSONDecodeError` with the key path (`basket.lines[0].quantity: …`).
    public static func decode(_ root: JSONCursor, paymentsAllowed: Bool = true) throws -> CloseRequest {
        let object = try root.object(keys: paymentsAllowed ? ["basket", "payments"] : ["basket"])
        let basketCursor = try object.required("basket")
        let basket = try Basket.decode(basketCursor)
        var payments: [Payment] = []
        if let list = object.optional("payments") {
            payments = try list.array(maxCount: maximumPayments).map { cursor in
                let payment = try cursor.object(keys: ["method", "amountCents"])
                return Payment(
                    method: try payment.required("method").string(nonEmpty: true, maxLength: 32),
                    amountCents: try payment.required("amountCents").int(min: 0, max: 100_000_00)
                )
            }
        }
        return CloseRequest(basket: basket, basketJSON: basketCursor.value, payments: payments)
    }
}
