import Foundation
import Glibc
import HTTPServer
import LinuxIO
import StrictJSON
import Synchronization

/// A minimal store backend in Swift on our `HTTPServer`, for drain throughput: the Python
/// loopback backend of the test suite answers a few hundred sales per second, too slow to
/// measure a drainer that must do ≥ 1,000/s.
///
/// Run as its own process (`kioskd-bench --serve-backend`), so that its memory is not counted
/// in the drainer's. It prints `port N` on stdout once listening and serves until stdin closes.
///
/// - `POST /v1/sales` with `Idempotency-Key`: 201 `{"saleId", "recordedAt"}` the first time,
///   200 with the same receipt on a replay (idempotent, like the real backend).
/// - `GET /_stats`: `{"posts", "distinct", "replays"}`.
enum BenchBackend {
    final class Ledger: Sendable {
        let state = Mutex<(posts: Int, replays: Int, seen: Set<String>)>((0, 0, []))
    }

    static func serve() -> Never {
        let ledger = Ledger()
        let configuration = HTTPServerConfiguration(listen: [.loopbackIPv4(port: 0)], maxConnections: 256)
        let server = HTTPServer(configuration: configuration) { request in
            try handle(request, ledger: ledger)
        }
        do {
            let addresses = try server.start()
            guard case .ipv4(_, let port) = addresses[0] else { exit(70) }
            FileHandle.standardOutput.write(Data("port \(port)\n".utf8))
        } catch {
            FileHandle.standardError.write(Data("bench backend: \(error)\n".utf8))
            exit(69)
        }
        var byte: UInt8 = 0
        while read(0, &byte, 1) > 0 {}
        exit(0)
    }

    static func handle(_ request: HTTPRequest, ledger: Ledger) throws -> HTTPResponse {
        switch (request.method.rawValue, request.path) {
        case ("POST", "/v1/sales"):
            guard let key = request.headers["Idempotency-Key"], !key.isEmpty else {
                return .json(["error": ["code": "missing-key", "message": "Idempotency-Key required"]], status: .badRequest)
            }
            let first = ledger.state.withLock { state -> Bool in
                state.posts += 1
                let inserted = state.seen.insert(key).inserted
                if !inserted { state.replays += 1 }
                return inserted
            }
            let receipt: JSONValue = ["saleId": .string(key), "recordedAt": "2025-03-03T10:00:00.000Z"]
            return .json(receipt, status: first ? .created : .ok)
        case ("GET", "/_stats"):
            let (posts, replays, distinct) = ledger.state.withLock { ($0.posts, $0.replays, $0.seen.count) }
            return .json(["posts": .number(String(posts)), "replays": .number(String(replays)), "distinct": .number(String(distinct))])
        default:
            return .json(["error": ["code": "not-found", "message": "no route"]], status: .notFound)
        }
    }
}

/// The bench backend running as a child process, and a way to read its counters.
final class BenchBackendProcess {
    let port: UInt16
    private let child: ChildProcess
    private let stdinWriter: Int32

    struct Stats: Equatable {
        let posts: Int
        let distinct: Int
        let replays: Int
    }

    /// Starts `kioskd-bench --serve-backend` and waits for its port.
    init(executable: String) throws {
        var stdinPipe: [Int32] = [-1, -1]
        guard pipe(&stdinPipe) == 0 else { throw BenchFailure("pipe: \(String(cString: strerror(errno)))") }
        for end in stdinPipe { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        child = try ChildProcess(executable: executable, arguments: ["--serve-backend"], stdinDescriptor: stdinPipe[0])
        close(stdinPipe[0])
        stdinWriter = stdinPipe[1]
        guard let output = child.output else { throw BenchFailure("bench backend has no output pipe") }
        var line: [UInt8] = []
        let deadline = monotonicNanoseconds() + 10_000_000_000
        while !line.contains(0x0A), monotonicNanoseconds() < deadline {
            let chunk = try output.read(upTo: 64)
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("port "), let port = UInt16(text.dropFirst(5)) else {
            throw BenchFailure("bench backend did not report its port (\(text))")
        }
        self.port = port
    }

    deinit {
        close(stdinWriter)
        child.stop(signal: SIGTERM, timeoutSeconds: 5)
        child.output?.close()
    }

    /// `GET /_stats` over a plain socket.
    func stats() throws -> Stats {
        let body = try BlockingHTTP.get(port: port, path: "/_stats")
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let posts = object["posts"] as? Int, let distinct = object["distinct"] as? Int, let replays = object["replays"] as? Int
        else { throw BenchFailure("bench backend stats unreadable: \(String(decoding: body, as: UTF8.self))") }
        return Stats(posts: posts, distinct: distinct, replays: replays)
    }

    /// The resident memory of the backend process (KiB).
    var residentKiB: Int? { ProcessMetrics(pid: child.pid).residentKiB }
}

/// One blocking `GET` over loopback TCP (`Connection: close`), for control endpoints.
enum BlockingHTTP {
    static func get(port: UInt16, path: String) throws -> [UInt8] {
        let connection = try SocketConnection.connect(to: .loopbackIPv4(port: port))
        defer { connection.descriptor.close() }
        try connection.sendAll("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while let count = try buffer.withUnsafeMutableBytes({ try connection.receive(into: $0) }), count > 0 {
            response += buffer[0..<count]
        }
        guard let split = response.firstRange(of: Array("\r\n\r\n".utf8)) else { throw BenchFailure("no HTTP answer from port \(port)") }
        return Array(response[split.upperBound...])
    }
}
