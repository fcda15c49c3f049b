/// A point on a monotonic timeline, in nanoseconds from an arbitrary origin.
///
/// The identity rules never read a clock: the caller passes the instant of every input
/// (in the daemon, `CLOCK_MONOTONIC` read by LinuxIO's `monotonicNanoseconds()`; in tests,
/// fixed values). Only differences between instants are meaningful.
public struct MonotonicInstant: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Nanoseconds since the timeline's origin.
    public var nanoseconds: Int64

    /// The instant `nanoseconds` after the origin.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The instant `milliseconds` after the origin (convenient in tests).
    public static func milliseconds(_ milliseconds: Int64) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: milliseconds * 1_000_000)
    }

    /// The instant `seconds` after the origin (convenient in tests).
    public static func seconds(_ seconds: Int64) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: seconds * 1_000_000_000)
    }

    /// This instant moved forward by `milliseconds` (backwards when negative).
    public func advanced(byMilliseconds milliseconds: Int64) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: nanoseconds + milliseconds * 1_000_000)
    }

    /// Whole milliseconds from `earlier` to this instant (negative when `earlier` is later).
    public func milliseconds(since earlier: MonotonicInstant) -> Int64 {
        (nanoseconds - earlier.nanoseconds) / 1_000_000
    }

    public static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// `12.345s` — seconds with millisecond precision from the origin.
    public var description: String {
        let ms = nanoseconds / 1_000_000
        let sign = ms < 0 ? "-" : ""
        let magnitude = abs(ms)
        let fraction = String(magnitude % 1000)
        return "\(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)s"
    }
}
