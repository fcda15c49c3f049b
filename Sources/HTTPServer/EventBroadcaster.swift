import StrictJSON
import Synchronization

/// Fans published events out to every Server-Sent Events client, and keeps the most recent
/// ones in an `EventRing` so a client reconnecting with `Last-Event-ID` gets what it missed.
///
/// `publish` is cheap and never blocks on clients: it stores the event (encoded once) and
/// wakes the server loops that stream it, which write to their clients on their own thread.
/// Event ids are `<epoch>-<sequence>`, where the epoch is random per broadcaster: an id from
/// before a daemon restart is recognised as foreign, and the client is told to resynchronise
/// instead of silently missing events.
public final class EventBroadcaster: Sendable {
    /// Name of the event sent (without id) when a client's `Last-Event-ID` cannot be honoured
    /// in full: the client should re-read the state it shows.
    public static let resyncEvent = "resync"

    /// Random per broadcaster; the first part of every event id.
    public let epoch: String
    /// How many events are kept for `Last-Event-ID` resumption.
    public let capacity: Int

    private struct State {
        var ring: EventRing<ServerSentEvent>
        var wakers: [UInt64: @Sendable () -> Void] = [:]
        var nextWakerID: UInt64 = 1
    }
    private let state: Mutex<State>

    /// - Parameters:
    ///   - capacity: events retained for resumption (default 256).
    ///   - epoch: id prefix; random 8 hex digits unless given (tests pin it).
    public init(capacity: Int = 256, epoch: String? = nil) {
        self.capacity = capacity
        self.epoch = epoch ?? String(UInt32.random(in: .min ... .max), radix: 16)
        state = Mutex(State(ring: EventRing(capacity: capacity)))
    }

    /// Publishes an event to every connected client and into the ring.
    /// - Returns: the event as stored (with its id).
    @discardableResult
    public func publish(event: String, data: String) -> ServerSentEvent {
        let (published, wakers) = state.withLock { state in
            let sequence = state.ring.nextSequence
            let published = ServerSentEvent(sequence: sequence, id: "\(epoch)-\(sequence)", event: event, data: data)
            state.ring.append(published)
            return (published, Array(state.wakers.values))
        }
        for wake in wakers { wake() }
        return published
    }

    /// Publishes `json` (compact JSON text) as the event's data.
    @discardableResult
    public func publish(event: String, json: JSONValue) -> ServerSentEvent {
        publish(event: event, data: JSONWriter.string(json))
    }

    /// Sequence of the newest event (0 before the first).
    public var latestSequence: UInt64 { state.withLock { $0.ring.latestSequence } }

    /// The retained events after `sequence`; `missed` when some were forgotten.
    public func events(after sequence: UInt64) -> EventRing<ServerSentEvent>.Slice {
        state.withLock { $0.ring.elements(after: sequence) }
    }

    /// Where a new stream starts: with no `Last-Event-ID`, at the newest event (nothing
    /// replayed); with an id of this broadcaster still covered by the ring, right after it;
    /// otherwise (foreign epoch, malformed, forgotten) every retained event, flagged `missed`.
    public func resume(after lastEventID: String?) -> (slice: EventRing<ServerSentEvent>.Slice, cursor: UInt64) {
        state.withLock { state in
            let latest = state.ring.latestSequence
            guard let lastEventID else {
                return (EventRing<ServerSentEvent>.Slice(elements: [], missed: false), latest)
            }
            let slice: EventRing<ServerSentEvent>.Slice
            if let sequence = sequence(of: lastEventID.trimmingSpaces()) {
                slice = state.ring.elements(after: sequence)
            } else {
                slice = state.ring.elements(after: UInt64.max)
            }
            return (slice, latest)
        }
    }

    /// The sequence in `id` when it is one of this broadcaster's ids.
    private func sequence(of id: String) -> UInt64? {
        let prefix = epoch + "-"
        guard id.hasPrefix(prefix) else { return nil }
        return UInt64(id.dropFirst(prefix.count))
    }

    /// Registers `wake`, called (on the publisher's thread) after every publish.
    func addWaker(_ wake: @escaping @Sendable () -> Void) -> UInt64 {
        state.withLock { state in
            let id = state.nextWakerID
            state.nextWakerID += 1
            state.wakers[id] = wake
            return id
        }
    }

    /// Unregisters a waker added by `addWaker`.
    func removeWaker(_ id: UInt64) {
        _ = state.withLock { $0.wakers.removeValue(forKey: id) }
    }
}
