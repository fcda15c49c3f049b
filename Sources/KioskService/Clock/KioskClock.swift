import Foundation
import Identity
import LinuxIO

/// The daemon's two clocks, injected everywhere time matters.
///
/// - `now()`: the wall clock, for sale dates, birthdays and voucher activation. With
///   `--now T` it starts at `T` and advances in real time, so a test can replay "the next day"
///   against the same state directory.
/// - `instant()`: the monotonic clock (`CLOCK_MONOTONIC`) for the identity rules' timeouts,
///   never affected by wall clock jumps.
public struct KioskClock: Sendable {
    private let startWall: Date?
    private let startMonotonic: UInt64

    /// The system clocks, or a wall clock starting at `start` when given.
    public init(startingAt start: Date? = nil) {
        startWall = start
        startMonotonic = monotonicNanoseconds()
    }

    /// The current wall clock time.
    public func now() -> Date {
        guard let startWall else { return Date() }
        let elapsed = Double(monotonicNanoseconds() - startMonotonic) / 1e9
        return startWall.addingTimeInterval(elapsed)
    }

    /// The current monotonic instant.
    public func instant() -> MonotonicInstant {
        MonotonicInstant(nanoseconds: Int64(monotonicNanoseconds()))
    }

    /// Whether the wall clock was pinned with `--now`.
    public var isPinned: Bool { startWall != nil }
}
