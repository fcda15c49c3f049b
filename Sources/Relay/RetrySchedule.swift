/// Exponential back-off with jitter, capped: how long to wait before the next attempt.
///
/// A pure value: `delay(afterFailures:random:)` takes the random draw as a parameter, so the
/// schedule is tested without sleeps or a random generator. The n-th consecutive failure
/// waits `min(maximum, initial × multiplier^(n-1))`, shortened by up to `jitter` of itself
/// (a draw of 0 gives the full delay), so a fleet of kiosks coming back after an outage
/// does not hit the backend in step.
public struct RetrySchedule: Sendable, Equatable {
    /// Delay after the first failure, in milliseconds.
    public var initialMilliseconds: Int
    /// Growth factor per failure.
    public var multiplier: Int
    /// The cap, in milliseconds: after days offline the kiosk still tries this often.
    public var maximumMilliseconds: Int
    /// Fraction of the delay removed at most by the jitter, in 0…1.
    public var jitter: Double

    /// The default: 1 s, ×2, capped at 5 min, 20 % jitter.
    public static let standard = RetrySchedule(initialMilliseconds: 1_000, multiplier: 2, maximumMilliseconds: 300_000, jitter: 0.2)

    public init(initialMilliseconds: Int, multiplier: Int, maximumMilliseconds: Int, jitter: Double) {
        self.initialMilliseconds = max(1, initialMilliseconds)
        self.multiplier = max(1, multiplier)
        self.maximumMilliseconds = max(self.initialMilliseconds, maximumMilliseconds)
        self.jitter = min(1, max(0, jitter))
    }

    /// The delay before the next attempt after `failures` consecutive failures (0 → no delay).
    /// - Parameter random: a draw in 0..<1 (values outside are clamped).
    /// - Returns: milliseconds, in `[base × (1 − jitter), base]` with `base ≤ maximumMilliseconds`.
    public func delay(afterFailures failures: Int, random: Double) -> Int {
        guard failures > 0 else { return 0 }
        var base = initialMilliseconds
        var step = 1
        while step < failures && base < maximumMilliseconds {
            let (product, overflow) = base.multipliedReportingOverflow(by: multiplier)
            base = overflow ? maximumMilliseconds : product
            step += 1
        }
        base = min(base, maximumMilliseconds)
        let draw = min(max(random, 0), 1)
        return base - Int((Double(base) * jitter * draw).rounded(.down))
    }
}
