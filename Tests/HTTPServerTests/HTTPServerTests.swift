import Foundation
import Glibc
import HTTPServer
import LinuxIO
import StrictJSON
import Synchronization
import Testing

@Suite("HTTPServer over real sockets")
struct HTTPServerTests {
    @Test("GET /v1/health answers without a token, over TCP and over the unix socket")
    func health() async throws {
        let fixture = try ServerFixture()
        let tcp = try await fixture.client().request("GET", "/v1/health", host: fixture.host)
        #expect(tcp.status == 200 && tcp.bodyText == #"{"status":"ok"}"#)
        #expect(tcp.header("Content-Type") == "application/json; charset=utf-8")
        #expect(tcp.header("Cache-Control") == "no-store" && tcp.header("X-Content-Type-Options") == "nosniff")
        let unixClient = try RawHTTPClient(fixture.unix)
        let unix = try await unixClient.request("GET", "/v1/health", host: "localhost")
        #expect(unix.status == 200)
        await fixture.stop()
    }

    @Test("the unix socket file has mode 0660 and the handler sees the peer's uid")
    func unixSocketDetails() async throws {
        let fixture = try ServerFixture()
        guard case .unix(let path) = fixture.unix else { Issue.record("no unix socket"); return }
        var status = stat()
        #expect(stat(path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o660, "socket mode is \(String(status.st_mode & 0o777, radix: 8))")
        let response = try await RawHTTPClient(fixture.unix).request("GET", "/v1/whoami", host: "localhost", headers: [fixture.bearer])
        #expect(response.bodyText.contains("uid \(getuid()) gid \(getgid())"), "transport: \(response.bodyText)")
        await fixture.stop()
        #expect(access(path, F_OK) != 0, "stop() removes the socket file")
    }

    @Test("without a token every route but health answers 401 unauthorized")
    func unauthorized() async throws {
        let fixture = try ServerFixture()
        let response = try await fixture.client().request("GET", "/v1/orders/1", host: fixture.host)
        #expect(response.status == 401 && errorCode(response) == "unauthorized")
        #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        let wrong = try await fixture.client().request("GET", "/v1/orders/1", host: fixture.host, headers: ["Authorization: Bearer nope-nope-nope-nope"])
        #expect(wrong.status == 401)
        await fixture.stop()
    }

    @Test("a foreign Host gets 421 misdirected-host even with a valid token")
    func foreignHost() async throws {
        let fixture = try ServerFixture()
        let response = try await fixture.client().request("GET", "/v1/health", host: "rebound.evil.example:\(fixture.port)", headers: [fixture.bearer])
        #expect(response.status == 421 && errorCode(response) == "misdirected-host")
        await fixture.stop()
    }

    @Test("a foreign Origin gets 403 forbidden-origin; an allowed one gets CORS fields")
    func origins() async throws {
        let fixture = try ServerFixture()
        let client = try fixture.client()
        let body = "{}"
        let foreign = try await client.request("POST", "/v1/echo", host: fixture.host,
                                         headers: [fixture.bearer, "Origin: http://evil.example", "Content-Type: application/json"], body: body)
        #expect(foreign.status == 403 && errorCode(foreign) == "forbidden-origin")
        let allowed = try await client.request("POST", "/v1/echo", host: fixture.host,
                                         headers: [fixture.bearer, "Origin: \(ServerFixture.origin)", "Content-Type: application/json"], body: body)
        #expect(allowed.status == 200 && allowed.bodyText == "{}")
        #expect(allowed.header("Access-Control-Allow-Origin") == ServerFixture.origin)
        await fixture.stop()
    }

    @Test("an oversized body gets 413 payload-too-large and the connection closes")
    func payloadTooLarge() async throws {
        let fixture = try ServerFixture { $0.limits.maxBodyBytes = 1024 }
        let client = try fixture.client()
        try client.send("POST /v1/echo HTTP/1.1\r\nHost: \(fixture.host)\r\n\(fixture.bearer)\r\nContent-Type: application/json\r\nContent-Length: 1025\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 413 && errorCode(response) == "payload-too-large")
        #expect(response.header("Connection") == "close")
        #expect(await client.isClosedByServer())
        await fixture.stop()
    }

    @Test("oversized header fields get 431 headers-too-large")
    func headersTooLarge() async throws {
        let fixture = try ServerFixture()
        let client = try fixture.client()
        let big = String(repeating: "x", count: 20 * 1024)
        let response = try await client.request("GET", "/v1/health", host: fixture.host, headers: ["X-Big: \(big)"])
        #expect(response.status == 431 && errorCode(response) == "headers-too-large")
        await fixture.stop()
    }

    @Test("a POST with a text body gets 415 unsupported-media-type")
    func unsupportedMediaType() async throws {
        let fixture = try ServerFixture()
        let response = try await fixture.client().request("POST", "/v1/echo", host: fixture.host,
                                                    headers: [fixture.bearer, "Content-Type: text/plain"], body: "hi")
        #expect(response.status == 415 && errorCode(response) == "unsupported-media-type")
        await fixture.stop()
    }

    @Test("thrown APIErrors become JSON errors: 404 not-found, 405 method-not-allowed with Allow")
    func routeErrors() async throws {
        let fixture = try ServerFixture()
        let client = try fixture.client()
        let missing = try await client.request("GET", "/v1/nothing", host: fixture.host, headers: [fixture.bearer])
        #expect(missing.status == 404 && errorCode(missing) == "not-found")
        let wrongMethod = try await client.request("DELETE", "/v1/echo", host: fixture.host, headers: [fixture.bearer])
        #expect(wrongMethod.status == 405 && errorCode(wrongMethod) == "method-not-allowed")
        #expect(wrongMethod.header("Allow") == "GET")
        await fixture.stop()
    }

    @Test("keep-alive: several requests on one connection, then Connection: close ends it")
    func keepAlive() async throws {
        let fixture = try ServerFixture()
        let client = try fixture.client()
        for index in 0..<5 {
            let response = try await client.request("POST", "/v1/echo", host: fixture.host,
                                              headers: [fixture.bearer, "Content-Type: application/json"], body: "[\(index)]")
            #expect(response.status == 200 && response.bodyText == "[\(index)]")
            #expect(response.header("Connection") == nil, "kept alive")
        }
        let last = try await client.request("GET", "/v1/health", host: fixture.host, headers: ["Connection: close"])
        #expect(last.status == 200 && last.header("Connection") == "close")
        #expect(await client.isClosedByServer())
        await fixture.stop()
    }

    @Test("Expect: 100-continue gets an interim 100 before the body is sent")
    func expectContinue() async throws {
        let fixture = try ServerFixture()
        let client = try fixture.client()
        try client.send("POST /v1/echo HTTP/1.1\r\nHost: \(fixture.host)\r\n\(fixture.bearer)\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        let interim = try await client.readHead()
        #expect(interim.status == 100)
        try client.send("[]")
        let response = try await client.readResponse()
        #expect(response.status == 200 && response.bodyText == "[]")
        await fixture.stop()
    }

    @Test("a chunked request body reaches the handler reassembled")
    func chunkedRequest() async throws {
        let fixture = try ServerFixture()
        let client = try fixture.client()
        try client.send("POST /v1/echo HTTP/1.1\r\nHost: \(fixture.host)\r\n\(fixture.bearer)\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n[1,\r\n2\r\n2]\r\n0\r\n\r\n")
        #expect(try await client.readResponse().bodyText == "[1,2]")
        await fixture.stop()
    }

    @Test("pipelined requests sent in one write are answered in order")
    func pipelining() async throws {
        let fixture = try ServerFixture()
        let client = try fixture.client()
        var text = ""
        for index in 0..<3 {
            text += "POST /v1/echo HTTP/1.1\r\nHost: \(fixture.host)\r\n\(fixture.bearer)\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n[\(index)]"
        }
        try client.send(text)
        for index in 0..<3 {
            #expect(try await client.readResponse().bodyText == "[\(index)]")
        }
        await fixture.stop()
    }

    @Test("HEAD gets the GET head without a body")
    func head() async throws {
        let fixture = try ServerFixture()
        let client = try fixture.client()
        try client.send("HEAD /v1/health HTTP/1.1\r\nHost: \(fixture.host)\r\n\r\n")
        let response = try await client.readResponse(headRequest: true)
        #expect(response.status == 200 && response.header("Content-Length") == "15")
        let next = try await client.request("GET", "/v1/health", host: fixture.host)
        #expect(next.bodyText == #"{"status":"ok"}"#, "no stray body bytes before the next response")
        await fixture.stop()
    }

    @Test("a slow client that does not finish its request in time gets 408 and is closed")
    func slowClient() async throws {
        let fixture = try ServerFixture { $0.requestTimeout = .milliseconds(300) }
        let started = monotonicNanoseconds()  // before connecting: the server's clock starts at accept
        let client = try fixture.client()
        try client.send("GET /v1/health HTTP/1.1\r\nHost: \(fixture.host)\r\nX-Slow: ")
        let response = try await client.readResponse()
        let elapsed = (monotonicNanoseconds() - started) / 1_000_000
        #expect(response.status == 408 && errorCode(response) == "request-timeout")
        #expect(elapsed >= 300, "timed out after \(elapsed) ms, not before the 300 ms limit")
        #expect(await client.isClosedByServer())
        await fixture.stop()
    }

    @Test("a connection that never sends anything, or idles after a response, is closed")
    func idleClients() async throws {
        let fixture = try ServerFixture {
            $0.requestTimeout = .milliseconds(200)
            $0.idleTimeout = .milliseconds(200)
        }
        let silent = try fixture.client()
        #expect(await silent.isClosedByServer(), "silent connection closed")
        let idle = try fixture.client()
        #expect(try await idle.request("GET", "/v1/health", host: fixture.host).status == 200)
        #expect(await idle.isClosedByServer(), "idle keep-alive connection closed")
        await fixture.stop()
    }

    @Test("a handler that is still waiting does not hold up other connections")
    func concurrentHandlers() async throws {
        // The first request's handler waits until the second request has been answered: if the
        // server served connections one at a time, the second would never be answered.
        let released = Latch()
        let fixture = try ServerFixture(handler: { request in
            if request.path == "/v1/wait" {
                await released.wait()
                return .text("released")
            }
            return .text("fast")
        })
        let waiting = try fixture.client()
        try waiting.send("GET /v1/wait HTTP/1.1\r\nHost: \(fixture.host)\r\n\(fixture.bearer)\r\n\r\n")
        let fast = try await fixture.client().request("GET", "/v1/other", host: fixture.host, headers: [fixture.bearer])
        #expect(fast.bodyText == "fast", "answered while the other handler waits")
        released.open()
        #expect(try await waiting.readResponse().bodyText == "released")
        await fixture.stop()
    }

    @Test("connections beyond the cap get 503 unavailable; the server keeps serving the others")
    func connectionCap() async throws {
        let fixture = try ServerFixture { $0.maxConnections = 2 }
        let first = try fixture.client()
        let second = try fixture.client()
        #expect(try await first.request("GET", "/v1/health", host: fixture.host).status == 200)
        let third = try fixture.client()
        let refused = try await third.readResponse()
        #expect(refused.status == 503 && errorCode(refused) == "unavailable")
        #expect(try await second.request("GET", "/v1/health", host: fixture.host).status == 200)
        await fixture.stop()
    }

    @Test("after 1,000 malformed requests the server is still healthy")
    func malformedFlood() async throws {
        let fixture = try ServerFixture()
        let garbage = [
            "GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\nHost: x\r\n\r\n", "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
            "\u{16}\u{03}\u{01}\u{00}\u{a5}\u{01}\u{00}", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            "GET / HTTP/1.1\nHost: x\n\n", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
        ]
        let tcp = fixture.tcp
        // One thread sends the whole flood with blocking calls (not one thread per request).
        let statuses = try await offPool { () -> [Int: Int] in
            var statuses: [Int: Int] = [:]
            for index in 0..<1000 {
                let client = try RawHTTPClient(tcp)
                try client.send(garbage[index % garbage.count])
                if let response = try? client.blockingReadResponse() { statuses[response.status, default: 0] += 1 }
            }
            return statuses
        }
        #expect(statuses.keys.allSatisfy { [400, 501, 505].contains($0) }, "statuses: \(statuses)")
        #expect(statuses.values.reduce(0, +) == 1000, "every malformed request got an answer: \(statuses)")
        let health = try await fixture.client().request("GET", "/v1/health", host: fixture.host)
        #expect(health.status == 200)
        try await Task.sleep(for: .milliseconds(100))
        #expect(fixture.server.activity.connections <= 1, "no leaked connections: \(fixture.server.activity)")
        await fixture.stop()
    }

    @Test("stop() lets an in-flight response finish, with Connection: close, and refuses new connections")
    func gracefulStop() async throws {
        let fixture = try ServerFixture()
        let client = try fixture.client()
        try client.send("GET /v1/slow?ms=400 HTTP/1.1\r\nHost: \(fixture.host)\r\n\(fixture.bearer)\r\n\r\n")
        try await Task.sleep(for: .milliseconds(100))
        let idle = try fixture.client()
        async let stopped: Void = fixture.stop()
        let response = try await client.readResponse()
        #expect(response.status == 200 && response.bodyText == "slow done")
        #expect(response.header("Connection") == "close")
        await stopped
        #expect(await idle.isClosedByServer(), "idle connections are closed at stop")
        #expect(throws: SystemError.self) { try RawHTTPClient(fixture.tcp) }
    }

    @Test("two servers cannot share a unix socket path; a stale file is replaced")
    func unixSocketOwnership() async throws {
        let fixture = try ServerFixture()
        let rival = HTTPServer(configuration: HTTPServerConfiguration(listen: [fixture.unix])) { _ in .noContent }
        #expect(throws: SystemError.self, "a live socket is never removed") { try rival.start() }
        await fixture.stop()
    }
}

/// A one-shot gate async code can wait on.
final class Latch: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let resume = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resume { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
