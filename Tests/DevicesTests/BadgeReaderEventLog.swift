import Devices
import LinuxIO

/// Test helper: drains a `BadgeReader`'s events into a list, each with the monotonic time it
/// arrived, and lets a test wait for the next event matching a condition.
actor BadgeReaderEventLog {
    struct Entry: Sendable {
        let event: BadgeReaderEvent
        let arrivedAt: UInt64
    }

    struct Timeout: Error, CustomStringConvertible {
        let what: String
        let seen: [BadgeReaderEvent]
        var description: String { "no \(what) in time; events so far:\n" + seen.map { "  \($0)" }.joined(separator: "\n") }
    }

    private(set) var entries: [Entry] = []
    private(set) var finished = false
    private var cursor = 0

    /// Starts draining `reader.events` on a task of its own.
    static func recording(_ reader: BadgeReader) -> BadgeReaderEventLog {
        let log = BadgeReaderEventLog()
        Task {
            for await event in reader.events {
                let now = monotonicNanoseconds()
                await log.append(Entry(event: event, arrivedAt: now))
            }
            await log.finish()
        }
        return log
    }

    private func append(_ entry: Entry) { entries.append(entry) }
    private func finish() { finished = true }

    /// All events so far.
    var events: [BadgeReaderEvent] { entries.map(\.event) }

    /// Waits for the first event after the last one returned by `next` that satisfies `matching`.
    /// - Throws: `Timeout` listing the events seen.
    @discardableResult
    func next(_ what: String, timeout: Duration = .seconds(5), matching: @Sendable (BadgeReaderEvent) -> Bool) async throws -> Entry {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let index = entries[cursor...].firstIndex(where: { matching($0.event) }) {
                cursor = index + 1
                return entries[index]
            }
            guard ContinuousClock.now < deadline else { throw Timeout(what: what, seen: events) }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Waits for exactly `event` (after the last one returned).
    @discardableResult
    func next(_ event: BadgeReaderEvent, timeout: Duration = .seconds(5)) async throws -> Entry {
        try await next("\(event)", timeout: timeout) { $0 == event }
    }

    /// Waits until the events so far satisfy `condition`, in whatever order they came; the
    /// position used by `next` does not move.
    /// - Throws: `Timeout` listing the events seen.
    func waitUntil(_ what: String, timeout: Duration = .seconds(5), _ condition: @Sendable ([BadgeReaderEvent]) -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition(events) {
            guard ContinuousClock.now < deadline else { throw Timeout(what: what, seen: events) }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Waits until the stream has finished.
    func waitUntilFinished(timeout: Duration = .seconds(5)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !finished {
            guard ContinuousClock.now < deadline else { throw Timeout(what: "end of the event stream", seen: events) }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// The events after index `start` (to check an exact sequence).
    func events(from start: Int) -> [BadgeReaderEvent] { entries.dropFirst(start).map(\.event) }
}
