import LinuxIO
import StrictJSON
import Synchronization

/// Short-lived, single-use tickets that authenticate a browser `EventSource` without putting
/// the bearer token in a URL.
///
/// The UI asks for a ticket with an authenticated request (the service routes e.g.
/// `POST /v1/events/tickets` to `issueResponse()`), then opens
/// `new EventSource("/v1/events?ticket=…")`. A ticket is valid once, for `lifetime`; at most
/// `maxOutstanding` unused tickets exist (the oldest is dropped first). The clock is injected.
public final class EventStreamTickets: Sendable {
    /// How long a ticket stays valid.
    public let lifetime: Duration
    /// Most unused tickets kept at once.
    public let maxOutstanding: Int
    private let clock: @Sendable () -> UInt64
    private let tickets = Mutex<[(ticket: String, expiresAt: UInt64)]>([])

    /// - Parameter clock: monotonic nanoseconds (default `CLOCK_MONOTONIC`).
    public init(lifetime: Duration = .seconds(30), maxOutstanding: Int = 32,
                clock: @escaping @Sendable () -> UInt64 = monotonicNanoseconds) {
        self.lifetime = lifetime
        self.maxOutstanding = maxOutstanding
        self.clock = clock
    }

    /// A new ticket: 128 random bits from the system CSPRNG, as 32 hex digits.
    public func issue() -> String {
        var generator = SystemRandomNumberGenerator()
        let ticket = (0..<2).map { _ in
            let value = generator.next() as UInt64
            let hex = String(value, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
        let now = clock()
        tickets.withLock { tickets in
            tickets.removeAll { $0.expiresAt <= now }
            if tickets.count >= maxOutstanding { tickets.removeFirst(tickets.count - maxOutstanding + 1) }
            tickets.append((ticket, now + lifetime.nanoseconds))
        }
        return ticket
    }

    /// Consumes `ticket`: true once for an issued, unexpired ticket, false ever after.
    public func redeem(_ ticket: String) -> Bool {
        let now = clock()
        return tickets.withLock { tickets in
            tickets.removeAll { $0.expiresAt <= now }
            guard let index = tickets.firstIndex(where: { AccessToken.equalInConstantTime($0.ticket, ticket) }) else { return false }
            tickets.remove(at: index)
            return true
        }
    }

    /// `201 {"ticket": "…", "expiresInSeconds": 30}` with a fresh ticket.
    public func issueResponse() -> HTTPResponse {
        let seconds = Int(lifetime.nanoseconds / 1_000_000_000)
        return .json(["ticket": .string(issue()), "expiresInSeconds": .number(String(seconds))], status: .created)
    }
}

extension Duration {
    /// The duration in whole nanoseconds (negative durations as 0).
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}

extension AccessToken {
    /// Constant-time equality of two strings (time depends on the lengths only).
    static func equalInConstantTime(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard !x.isEmpty, !y.isEmpty else { return false }
        var difference: UInt8 = x.count == y.count ? 0 : 1
        for (index, byte) in y.enumerated() { difference |= byte ^ x[index % x.count] }
        return difference == 0
    }
}
