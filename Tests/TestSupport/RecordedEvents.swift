import Foundation
import Synchronization

/// Events delivered on another thread (a callback), recorded in order, with a way for a test
/// to wait until they satisfy a condition — no sleeps.
public final class RecordedEvents<Event: Sendable>: Sendable {
    private let events = Mutex<[Event]>([])
    private let condition = NSCondition()

    public init() {}

    /// Every event so far, in order.
    public var all: [Event] { events.withLock { $0 } }

    /// A callback that records its argument.
    public var record: @Sendable (Event) -> Void {
        { [self] event in
            events.withLock { $0.append(event) }
            condition.lock()
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Waits until `predicate` holds for the recorded events, or `seconds` pass.
    /// - Returns: whether the predicate held.
    @discardableResult
    public func wait(seconds: Double = 5, _ predicate: ([Event]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while !predicate(all) {
            if !condition.wait(until: deadline) { return predicate(all) }
        }
        return true
    }
}
