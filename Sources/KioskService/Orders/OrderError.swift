/// Why an order command was refused; each case maps onto one API error code and status.
public enum OrderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No order with this id is known (404 `order-not-found`).
    case notFound(orderId: String)
    /// Another order is active on this kiosk (409 `order-active`).
    case anotherOrderActive(orderId: String)
    /// The order's phase does not allow the command (409 `invalid-state`).
    case invalidState(orderId: String, phase: String, command: String)
    /// The order is being closed right now (409 `order-closing`).
    case closing(orderId: String)

    /// The API error code.
    public var code: String {
        switch self {
        case .notFound: return "order-not-found"
        case .anotherOrderActive: return "order-active"
        case .invalidState: return "invalid-state"
        case .closing: return "order-closing"
        }
    }

    /// The HTTP status the API answers with.
    public var status: Int {
        switch self {
        case .notFound: return 404
        case .anotherOrderActive, .invalidState, .closing: return 409
        }
    }

    public var description: String {
        switch self {
        case .notFound(let id): return "no order '\(id)' on this kiosk"
        case .anotherOrderActive(let id): return "order '\(id)' is active on this kiosk: close or cancel it first"
        case .invalidState(let id, let phase, let command): return "order '\(id)' is \(phase): cannot \(command)"
        case .closing(let id): return "order '\(id)' is being closed"
        }
    }
}
