import Foundation

/// An undelivered sale, ready to send to the backend.
public struct OutboxDelivery: Sendable, Equatable {
    /// Queue order: sales are sent oldest first.
    public let sequence: Int64
    public let saleId: String
    /// The `POST /v1/sales` body.
    public let payload: [UInt8]
    /// Failed attempts so far.
    public let attempts: Int
}

/// A row of the outbox as listed by `kioskctl outbox list`.
public struct OutboxEntry: Sendable, Equatable {
    /// Where the row stands.
    public enum State: String, Sendable {
        /// Waiting for delivery (possibly after retryable failures).
        case pending
        /// Refused by the backend with a 4xx; kept until retried by hand.
        case dead
    }

    public let sequence: Int64
    public let saleId: String
    public let state: State
    public let attempts: Int
    /// Not before this instant (back-off after a failure).
    public let nextAttemptAt: Date
    public let lastError: String?
    public let enqueuedAt: Date
    /// For a dead letter: the backend's answer.
    public let deadLetter: DeadLetter?
}

/// A sale the backend refused with a 4xx, with the response kept for the technician.
public struct DeadLetter: Sendable, Equatable {
    public let saleId: String
    /// HTTP status of the refusal (nil if it came from a local check).
    public let httpStatus: Int?
    /// The response body, as received (capped by the client).
    public let responseBody: [UInt8]
    /// A one-line reason, e.g. `422 idempotency-key-reuse: body differs from the recorded sale`.
    public let reason: String
    public let deadAt: Date
}

/// What happened to one delivery attempt; `KioskStore.recordOutcomes` applies a batch of them
/// in one transaction.
public enum OutboxOutcome: Sendable, Equatable {
    /// The backend recorded the sale (2xx, or 409 already recorded). Removes the outbox row,
    /// stamps the sale delivered, and caches the authoritative account when the answer had one.
    case delivered(saleId: String, httpStatus: Int, account: CachedAccount?)
    /// A retryable failure (5xx, timeout, reset, garbage): keep the row, count the attempt,
    /// and do not try again before `nextAttemptAt` (nil leaves the current schedule).
    case retry(saleId: String, error: String, nextAttemptAt: Date?)
    /// A permanent refusal (4xx): park the row as a dead letter with the response.
    case deadLetter(saleId: String, httpStatus: Int?, responseBody: [UInt8], reason: String)

    /// The sale this outcome is about.
    public var saleId: String {
        switch self {
        case .delivered(let id, _, _), .retry(let id, _, _), .deadLetter(let id, _, _, _): return id
        }
    }
}

/// Sizes of the outbox, for `/v1/health` and `kioskctl status`.
public struct OutboxCounts: Sendable, Equatable {
    /// Sales waiting for delivery.
    public let pending: Int
    /// Sales refused by the backend, waiting for a technician.
    public let dead: Int
    /// Enqueue time of the oldest pending sale.
    public let oldestPendingAt: Date?

    public init(pending: Int, dead: Int, oldestPendingAt: Date?) {
        self.pending = pending
        self.dead = dead
        self.oldestPendingAt = oldestPendingAt
    }
}
