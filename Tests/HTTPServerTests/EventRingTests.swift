import HTTPServer
import Testing

@Suite("EventRing")
struct EventRingTests {
    @Test("elements after a retained sequence are returned in order, nothing missed")
    func resume() {
        var ring = EventRing<String>(capacity: 4)
        for name in ["a", "b", "c"] { ring.append(name) }
        #expect(ring.latestSequence == 3)
        let slice = ring.elements(after: 1)
        #expect(slice.elements == ["b", "c"] && !slice.missed)
        #expect(ring.elements(after: 3).elements.isEmpty && !ring.elements(after: 3).missed)
        #expect(ring.elements(after: 0).elements == ["a", "b", "c"] && !ring.elements(after: 0).missed)
    }

    @Test("the oldest elements are forgotten past capacity, and a reader behind them is told it missed some")
    func eviction() {
        var ring = EventRing<Int>(capacity: 3)
        for value in 1...5 { ring.append(value) }
        #expect(ring.count == 3 && ring.oldestSequence == 3)
        #expect(ring.element(at: 2) == nil && ring.element(at: 3) == 3)
        let behind = ring.elements(after: 1)
        #expect(behind.elements == [3, 4, 5] && behind.missed, "events 2 is gone")
        let justInTime = ring.elements(after: 2)
        #expect(justInTime.elements == [3, 4, 5] && !justInTime.missed, "after 2 everything is still there")
    }

    @Test("a sequence from the future is unknown: everything retained, flagged missed")
    func future() {
        var ring = EventRing<Int>(capacity: 3)
        ring.append(1)
        let slice = ring.elements(after: 99)
        #expect(slice.elements == [1] && slice.missed)
    }
}

@Suite("ServerSentEvent")
struct ServerSentEventTests {
    @Test("a frame carries id, event and one data line per line of data")
    func framing() {
        let event = ServerSentEvent(sequence: 7, id: "e-7", event: "scan", data: "{\"a\":1}\nsecond\r\nthird")
        #expect(String(decoding: event.frame, as: UTF8.self) == "id: e-7\nevent: scan\ndata: {\"a\":1}\ndata: second\ndata: third\n\n")
    }

    @Test("a newline in the event name cannot inject fields")
    func eventNameInjection() {
        let event = ServerSentEvent(sequence: 1, id: "e-1", event: "scan\ndata: forged", data: "x")
        #expect(String(decoding: event.frame, as: UTF8.self) == "id: e-1\nevent: scan-data: forged\ndata: x\n\n")
    }
}

@Suite("EventBroadcaster")
struct EventBroadcasterTests {
    @Test("without Last-Event-ID a stream starts at the newest event, replaying nothing")
    func freshStream() {
        let broadcaster = EventBroadcaster(capacity: 8, epoch: "e")
        broadcaster.publish(event: "scan", data: "1")
        let (slice, cursor) = broadcaster.resume(after: nil)
        #expect(slice.elements.isEmpty && !slice.missed && cursor == 1)
    }

    @Test("Last-Event-ID of this broadcaster resumes right after it")
    func resume() {
        let broadcaster = EventBroadcaster(capacity: 8, epoch: "e")
        for index in 1...4 { broadcaster.publish(event: "scan", data: "\(index)") }
        let (slice, cursor) = broadcaster.resume(after: "e-2")
        #expect(slice.elements.map(\.data) == ["3", "4"] && !slice.missed && cursor == 4)
        #expect(slice.elements.map(\.id) == ["e-3", "e-4"])
    }

    @Test("a foreign, malformed or forgotten Last-Event-ID replays what is retained, flagged missed", arguments: ["other-2", "garbage", "e-", "e-1"])
    func resumeMissed(lastEventID: String) {
        let broadcaster = EventBroadcaster(capacity: 2, epoch: "e")
        for index in 1...4 { broadcaster.publish(event: "scan", data: "\(index)") }
        let (slice, _) = broadcaster.resume(after: lastEventID)
        #expect(slice.missed, "\(lastEventID) cannot be honoured in full")
        #expect(slice.elements.map(\.data) == ["3", "4"])
    }
}
