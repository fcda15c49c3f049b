import Testing
@testable import KioskService

@Suite("EventStreamParser")
struct EventStreamParserTests {
    @Test("events with ids, names, multi-line data, comments, CRLF and CR line ends", arguments: [1, 2, 64])
    func events(step: Int) {
        let stream = ": heartbeat\r\nid: a-1\r\nevent: scan\r\ndata: {\"code\":\"2990000000002\"}\r\n\r\n"
            + "data: line one\rdata: line two\r\r"
            + "event: device\nretry: 2000\ndata:{\"state\":\"connected\"}\n\n"
            + "event: no-data\n\n"
        var parser = EventStreamParser()
        let bytes = Array(stream.utf8)
        var events: [EventStreamMessage] = []
        var index = 0
        while index < bytes.count {
            events += parser.feed(Array(bytes[index..<min(bytes.count, index + step)]))
            index += step
        }
        #expect(events == [
            EventStreamMessage(id: "a-1", event: "scan", data: #"{"code":"2990000000002"}"#),
            EventStreamMessage(event: "message", data: "line one\nline two"),
            EventStreamMessage(event: "device", data: #"{"state":"connected"}"#),
        ], "an event without data is not dispatched")
    }

    @Test("an event over the size limit is dropped and counted; the next one is whole")
    func oversized() {
        var parser = EventStreamParser()
        let huge = "data: " + String(repeating: "x", count: EventStreamParser.maximumEventBytes + 10) + "\n\n"
        #expect(parser.feed(Array(huge.utf8)).isEmpty)
        #expect(parser.droppedEvents == 1)
        #expect(parser.feed(Array("event: scan\ndata: ok\n\n".utf8)) == [EventStreamMessage(event: "scan", data: "ok")])
    }
}
