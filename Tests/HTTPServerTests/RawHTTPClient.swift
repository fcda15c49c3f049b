import Foundation
import Glibc
import LinuxIO

/// A deliberately dumb HTTP/1.1 client over a raw socket, so tests control every byte sent
/// and see every byte received (malformed requests, slow clients, pipelining, streams).
///
/// The receive timeout is long (60 s) on purpose: handlers run as tasks on the cooperative
/// pool, which other suites' blocking calls can starve for tens of seconds on a loaded
/// machine. A test that expects an answer gets it as soon as it is sent; the timeout only
/// bounds how long a broken server can hang the test.
final class RawHTTPClient: @unchecked Sendable {
    let socket: SocketConnection
    private var buffer: [UInt8] = []

    struct Response: Sendable {
        var version: String
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]
        var bodyText: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    struct Timeout: Error {}
    struct Closed: Error {}

    init(_ address: SocketAddress, receiveTimeoutMilliseconds: Int = 60_000) throws {
        socket = try SocketConnection.connect(to: address)
        try socket.setReceiveTimeout(milliseconds: receiveTimeoutMilliseconds)
    }

    deinit { socket.close() }

    func send(_ text: String) throws { try socket.sendAll(text) }
    func send(_ bytes: [UInt8]) throws { try socket.sendAll(bytes) }

    /// Sends a request with `Host: 127.0.0.1:<port>` unless `host` is given.
    func blockingRequest(_ method: String, _ target: String, host: String, headers: [String] = [], body: String? = nil) throws -> Response {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\n"
        for header in headers { text += header + "\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        try send(text)
        return try blockingReadResponse()
    }

    /// Reads more bytes into the buffer; throws `Timeout` or `Closed`.
    @discardableResult
    func fill() throws -> Int {
        guard let bytes = try socket.receive(upTo: 65536) else { throw Timeout() }
        guard !bytes.isEmpty else { throw Closed() }
        buffer += bytes
        return bytes.count
    }

    /// Whether the server closed the connection (end of stream) within the receive timeout.
    func blockingIsClosedByServer() -> Bool {
        do {
            while true { try fill() }
        } catch is Closed {
            return true
        } catch let error as SystemError where error.code == ECONNRESET {
            return true
        } catch {
            return false
        }
    }

    private func takeLine() throws -> String {
        while true {
            if let index = buffer.firstIndex(of: 10), index > 0, buffer[index - 1] == 13 {
                let line = String(decoding: buffer[0..<(index - 1)], as: UTF8.self)
                buffer.removeSubrange(0...index)
                return line
            }
            try fill()
        }
    }

    private func take(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        let bytes = Array(buffer[0..<count])
        buffer.removeSubrange(0..<count)
        return bytes
    }

    /// Reads the status line and header fields only.
    func blockingReadHead() throws -> Response {
        let statusLine = try takeLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw Closed() }
        var headers: [(String, String)] = []
        while true {
            let line = try takeLine()
            if line.isEmpty { break }
            let colon = line.firstIndex(of: ":")!
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        return Response(version: String(parts[0]), status: status, headers: headers, body: [])
    }

    /// Reads one complete response (Content-Length or chunked body).
    func blockingReadResponse(headRequest: Bool = false) throws -> Response {
        var response = try blockingReadHead()
        if headRequest { return response }
        if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            while let chunk = try blockingReadChunk() { response.body += chunk }
        } else if let length = response.header("Content-Length").flatMap({ Int($0) }) {
            response.body = try take(length)
        }
        return response
    }

    /// One chunk of a chunked body; `nil` at the last chunk.
    func blockingReadChunk() throws -> [UInt8]? {
        let sizeLine = try takeLine()
        let size = Int(sizeLine.split(separator: ";")[0], radix: 16)!
        if size == 0 {
            _ = try takeLine()
            return nil
        }
        let data = try take(size)
        _ = try take(2)
        return data
    }

    /// Reads stream chunks until `text` contains `count` complete SSE blocks (separated by a
    /// blank line); returns those blocks' text.
    func blockingReadEventBlocks(_ count: Int) throws -> [String] {
        var blocks: [String] = []
        while blocks.count < count {
            if let end = pending.range(of: "\n\n") {
                blocks.append(String(pending[..<end.lowerBound]))
                pending.removeSubrange(..<end.upperBound)
                continue
            }
            guard let chunk = try blockingReadChunk() else { throw Closed() }
            pending += String(decoding: chunk, as: UTF8.self)
        }
        return blocks
    }
    private var pending = ""

    // MARK: Async wrappers: the blocking work runs on its own thread, never on the
    // cooperative pool the server's handlers need.

    func request(_ method: String, _ target: String, host: String, headers: [String] = [], body: String? = nil) async throws -> Response {
        try await offPool { try self.blockingRequest(method, target, host: host, headers: headers, body: body) }
    }
    func readResponse(headRequest: Bool = false) async throws -> Response {
        try await offPool { try self.blockingReadResponse(headRequest: headRequest) }
    }
    func readHead() async throws -> Response { try await offPool { try self.blockingReadHead() } }
    func readChunk() async throws -> [UInt8]? { try await offPool { try self.blockingReadChunk() } }
    func readEventBlocks(_ count: Int) async throws -> [String] { try await offPool { try self.blockingReadEventBlocks(count) } }
    func isClosedByServer() async -> Bool { (try? await offPool { self.blockingIsClosedByServer() }) ?? false }
}

/// Runs `body` on a new thread and returns its result.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
