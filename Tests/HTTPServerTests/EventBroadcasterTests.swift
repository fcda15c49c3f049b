import HTTPServer
import Testing

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
