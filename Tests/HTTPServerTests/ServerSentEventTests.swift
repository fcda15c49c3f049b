import HTTPServer
import Testing

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
