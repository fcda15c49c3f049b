import Foundation
import Glibc
import HTTPServer
import LinuxIO
import Synchronization
import Testing

/// Opens `/v1/events` with the given extra fields and returns the client after the head and
/// the `retry:` preamble were read.
private func openStream(_ fixture: ServerFixture, target: String = "/v1/events", headers: [String]? = nil) async throws
    -> (RawHTTPClient, RawHTTPClient.Response) {
    let client = try fixture.client()
    var text = "GET \(target) HTTP/1.1\r\nHost: \(fixture.host)\r\nAccept: text/event-stream\r\n"
    for field in headers ?? [fixture.bearer] { text += field + "\r\n" }
    try client.send(text + "\r\n")
    let head = try await client.readHead()
    return (client, head)
}

@Suite("Server-Sent Events over real sockets")
struct EventStreamTests {
    @Test("a stream opens as chunked text/event-stream and receives published events in order")
    func delivery() async throws {
        let fixture = try ServerFixture()
        let (client, head) = try await openStream(fixture)
        #expect(head.status == 200)
        #expect(head.header("Content-Type") == "text/event-stream; charset=utf-8")
        #expect(head.header("Transfer-Encoding") == "chunked")
        #expect(try await client.readEventBlocks(1) == ["retry: 2000"], "the stream starts with the reconnection delay")
        #expect(await waitForStreams(fixture, 1))
        fixture.broadcaster.publish(event: "scan", data: #"{"code":"2990000000019"}"#)
        fixture.broadcaster.publish(event: "badge", data: "line one\nline two")
        let blocks = try await client.readEventBlocks(2)
        #expect(blocks == [
            "id: t-1\nevent: scan\ndata: {\"code\":\"2990000000019\"}",
            "id: t-2\nevent: badge\ndata: line one\ndata: line two",
        ])
        await fixture.stop()
    }

    @Test("a quiet stream gets heartbeat comments on the interval")
    func heartbeat() async throws {
        let fixture = try ServerFixture { $0.heartbeatInterval = .milliseconds(100) }
        let started = monotonicNanoseconds()  // before the stream exists: a lower bound that holds under load
        let (client, _) = try await openStream(fixture)
        _ = try await client.readEventBlocks(1)
        let beats = try await client.readEventBlocks(2)
        let elapsed = (monotonicNanoseconds() - started) / 1_000_000
        #expect(beats == [": heartbeat", ": heartbeat"])
        #expect(elapsed >= 200, "the second heartbeat came \(elapsed) ms after the request, not before 200 ms")
        await fixture.stop()
    }

    @Test("Last-Event-ID resumes right after the last event seen, then continues live")
    func resume() async throws {
        let fixture = try ServerFixture()
        for index in 1...3 { fixture.broadcaster.publish(event: "scan", data: "\(index)") }
        let (client, _) = try await openStream(fixture, headers: [fixture.bearer, "Last-Event-ID: t-1"])
        let replayed = try await client.readEventBlocks(3)
        #expect(replayed == ["retry: 2000", "id: t-2\nevent: scan\ndata: 2", "id: t-3\nevent: scan\ndata: 3"])
        fixture.broadcaster.publish(event: "scan", data: "4")
        #expect(try await client.readEventBlocks(1) == ["id: t-4\nevent: scan\ndata: 4"])
        await fixture.stop()
    }

    @Test("a Last-Event-ID the ring no longer covers (or from an earlier run) gets a resync event first")
    func resync() async throws {
        let fixture = try ServerFixture(broadcaster: EventBroadcaster(capacity: 2, epoch: "t"))
        for index in 1...5 { fixture.broadcaster.publish(event: "scan", data: "\(index)") }
        let (client, _) = try await openStream(fixture, headers: [fixture.bearer, "Last-Event-ID: t-1"])
        let blocks = try await client.readEventBlocks(4)
        #expect(blocks == ["retry: 2000", "event: resync\ndata: {\"reason\":\"events-missed\"}",
                           "id: t-4\nevent: scan\ndata: 4", "id: t-5\nevent: scan\ndata: 5"])
        let (previousRun, _) = try await openStream(fixture, headers: [fixture.bearer, "Last-Event-ID: 0a1b2c3d-99"])
        #expect(try await previousRun.readEventBlocks(2).last == "event: resync\ndata: {\"reason\":\"events-missed\"}")
        await fixture.stop()
    }

    @Test("the stream is authenticated: no credential 401, ?token= accepted, a ticket works once")
    func authentication() async throws {
        let fixture = try ServerFixture()
        let (anonymous, refused) = try await openStream(fixture, headers: [])
        #expect(refused.status == 401)
        _ = anonymous
        let (withToken, accepted) = try await openStream(fixture, target: "/v1/events?token=\(ServerFixture.tokenText)", headers: [])
        #expect(accepted.status == 200)
        _ = withToken

        let issued = try await fixture.client().request("POST", "/v1/events/tickets", host: fixture.host, headers: [fixture.bearer])
        #expect(issued.status == 201)
        let ticket = try #require(issued.bodyText.split(separator: "\"").dropFirst(3).first.map(String.init))
        let (_, first) = try await openStream(fixture, target: "/v1/events?ticket=\(ticket)", headers: [])
        #expect(first.status == 200, "a fresh ticket opens the stream")
        let (_, second) = try await openStream(fixture, target: "/v1/events?ticket=\(ticket)", headers: [])
        #expect(second.status == 401, "a used ticket is refused")
        await fixture.stop()
    }

    @Test("the SSE handshake from a foreign Origin gets 403; from an allowed one, CORS fields")
    func origin() async throws {
        let fixture = try ServerFixture()
        let (_, foreign) = try await openStream(fixture, headers: [fixture.bearer, "Origin: http://evil.example"])
        #expect(foreign.status == 403)
        let (_, allowed) = try await openStream(fixture, target: "/v1/events?token=\(ServerFixture.tokenText)",
                                                headers: ["Origin: \(ServerFixture.origin)"])
        #expect(allowed.status == 200 && allowed.header("Access-Control-Allow-Origin") == ServerFixture.origin)
        await fixture.stop()
    }

    @Test("streams beyond the cap get 503; closing one frees its slot")
    func streamCap() async throws {
        let fixture = try ServerFixture { $0.maxEventStreams = 1 }
        let (first, opened) = try await openStream(fixture)
        #expect(opened.status == 200)
        let (_, refused) = try await openStream(fixture)
        #expect(refused.status == 503)
        first.socket.shutdown(.both)
        #expect(await waitForStreams(fixture, 0))
        let (_, again) = try await openStream(fixture)
        #expect(again.status == 200)
        await fixture.stop()
    }

    @Test("stop() ends each stream with the last chunk")
    func stopEndsStreams() async throws {
        let fixture = try ServerFixture()
        let (client, _) = try await openStream(fixture)
        _ = try await client.readEventBlocks(1)
        await fixture.stop()
        #expect(try await client.readChunk() == nil, "the zero-length last chunk ends the body")
        #expect(await client.isClosedByServer())
    }

    @Test("a client that stops reading is dropped once its backlog exceeds the limit; others keep streaming")
    func slowConsumer() async throws {
        let fixture = try ServerFixture { $0.maxEventStreamBacklogBytes = 64 * 1024 }
        let (stalled, _) = try await openStream(fixture)
        let (reader, _) = try await openStream(fixture)
        #expect(await waitForStreams(fixture, 2))
        // The reading client drains its socket on its own thread until the server closes it.
        let drained = Thread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while let count = try? buffer.withUnsafeMutableBytes({ try reader.socket.receive(into: $0) }), count > 0 {}
        }
        drained.start()
        let payload = String(repeating: "x", count: 32 * 1024)
        var dropped = false
        for index in 0..<1000 where !dropped {
            fixture.broadcaster.publish(event: "bulk", data: payload)
            if index % 10 == 9 {
                try await Task.sleep(for: .milliseconds(5))
                dropped = fixture.server.activity.eventStreams == 1
            }
        }
        #expect(dropped, "the stalled client was dropped once socket buffers and 64 KiB were full")
        try await Task.sleep(for: .milliseconds(100))
        #expect(fixture.server.activity.eventStreams == 1, "the reading client still streams")
        await fixture.stop()
    }

    @Test("publish → loopback client latency (benchmark: prints p50/p99, asserts delivery only)")
    func publishLatency() async throws {
        let count = 2000
        // The ring holds every event of the run, so a descheduled server thread delays events
        // but never turns them into a resync.
        let fixture = try ServerFixture(broadcaster: EventBroadcaster(capacity: count, epoch: "t"))
        let (client, _) = try await openStream(fixture)
        _ = try await client.readEventBlocks(1)
        #expect(await waitForStreams(fixture, 1))
        let broadcaster = fixture.broadcaster
        struct Lost: Error { let block: String }
        // Publisher and reader on their own threads; each event carries its publish time.
        let latencies = try await offPool { () -> [UInt64] in
            let publisher = Thread {
                for _ in 0..<count {
                    broadcaster.publish(event: "bench", data: String(monotonicNanoseconds()))
                    usleep(500)
                }
            }
            publisher.start()
            var latencies: [UInt64] = []
            while latencies.count < count {
                for block in try client.blockingReadEventBlocks(1) {
                    let received = monotonicNanoseconds()
                    if block.hasPrefix(":") { continue }  // heartbeat
                    guard block.hasPrefix("id: t-\(latencies.count + 1)\n"), let line = block.split(separator: "\n").last,
                          line.hasPrefix("data: "), let sent = UInt64(line.dropFirst(6))
                    else { throw Lost(block: block) }  // never wait for an event that cannot come
                    latencies.append(received - sent)
                }
            }
            return latencies
        }
        #expect(latencies.count == count)
        let sorted = latencies.sorted()
        let p50 = Double(sorted[count / 2]) / 1000, p99 = Double(sorted[count * 99 / 100]) / 1000
        let maximum = Double(sorted[count - 1]) / 1000
        print("SSE publish → loopback client, \(count) events: p50 \(p50) µs, p99 \(p99) µs, max \(maximum) µs")
        await fixture.stop()
    }
}

/// Waits (up to 10 s) until the server reports `count` open streams.
private func waitForStreams(_ fixture: ServerFixture, _ count: Int) async -> Bool {
    for _ in 0..<1000 {
        if fixture.server.activity.eventStreams == count { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return false
}
