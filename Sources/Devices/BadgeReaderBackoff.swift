/// How long the badge reader waits before reconnecting to pcscd after consecutive failures:
/// exponential, doubling from `initialDelay`, never over `maximumDelay`.
///
/// A pure value: `delay(afterFailures:)` depends only on its argument, so the schedule is
/// tested without clocks. No jitter: one daemon talks to one local pcscd, so there is no crowd
/// of clients to spread out.
public struct BadgeReaderBackoff: Sendable, Hashable {
    /// The wait after the first failure.
    public let initialDelay: Duration
    /// The longest wait, reached after enough failures and kept from then on.
    public let maximumDelay: Duration

    /// The daemon's default: 250 ms, 500 ms, 1 s … up to 30 s.
    public static let standard = BadgeReaderBackoff(initialDelay: .milliseconds(250), maximumDelay: .seconds(30))

    /// - Precondition: `0 < initialDelay <= maximumDelay`.
    public init(initialDelay: Duration, maximumDelay: Duration) {
        precondition(initialDelay > .zero && initialDelay <= maximumDelay, "backoff needs 0 < initialDelay <= maximumDelay")
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// The wait after `failures` consecutive failures (1 = the first failure):
    /// `initialDelay × 2^(failures − 1)`, capped at `maximumDelay`. Zero failures waits nothing.
    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        var delay = initialDelay
        for _ in 1..<min(failures, 64) {
            delay *= 2
            if delay >= maximumDelay { return maximumDelay }
        }
        return delay
    }
}
