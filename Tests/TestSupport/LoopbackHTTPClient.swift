import Foundation
import Glibc

/// A response as a test sees it.
public struct LoopbackHTTPResponse: Sendable {
    public let status: Int
    /// Header fields with lower-cased names.
    public let headers: [String: String]
    public let body: [UInt8]
    public var text: String { String(decoding: body, as: UTF8.self) }
    /// The body parsed as a JSON object (via Foundation; fine for tests).
    public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }
}

/// A minimal HTTP/1.1 client over loopback TCP or a unix socket, one request per connection
/// (`Connection: close`), for end-to-end tests of the daemon's API. Socket I/O runs on a
/// thread of its own, never on the cooperative pool.
public struct LoopbackHTTPClient: Sendable {
    /// Where to connect.
    public enum Endpoint: Sendable {
        case tcp(port: UInt16)
        case unix(path: String)
    }

    public let endpoint: Endpoint
    /// Sent as `Authorization: Bearer` unless nil.
    public var token: String?
    /// The `Host` header (default `127.0.0.1:<port>`).
    public var host: String

    public init(endpoint: Endpoint, token: String? = nil) {
        self.endpoint = endpoint
        self.token = token
        if case .tcp(let port) = endpoint { host = "127.0.0.1:\(port)" } else { host = "localhost" }
    }

    /// Sends one request; `json` is written as the body with `Content-Type: application/json`.
    /// - Throws: `POSIXError`-style `SocketFailure` on connection problems.
    public func request(
        _ method: String, _ path: String, json: String? = nil, headers: [String: String] = [:], timeout: Duration = .seconds(60)
    ) async throws -> LoopbackHTTPResponse {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        var body: [UInt8] = []
        if let json {
            body = Array(json.utf8)
            head += "Content-Type: application/json\r\n"
        }
        if json != nil || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        let bytes = Array(head.utf8) + body
        return try await raw(bytes, timeout: timeout)
    }

    /// Sends raw bytes and parses whatever response comes back.
    public func raw(_ bytes: [UInt8], timeout: Duration = .seconds(60)) async throws -> LoopbackHTTPResponse {
        let endpoint = self.endpoint
        return try await withCheckedThrowingContinuation { continuation in
            detachThread {
                continuation.resume(with: Result {
                    let socket = try SocketFailure.connect(endpoint, timeout: timeout)
                    defer { close(socket) }
                    try SocketFailure.sendAll(socket, bytes)
                    var received: [UInt8] = []
                    var buffer = [UInt8](repeating: 0, count: 65536)
                    while true {
                        let n = recv(socket, &buffer, buffer.count, 0)
                        if n < 0 {
                            if errno == EINTR { continue }
                            if errno == ECONNRESET && !received.isEmpty { break }
                            throw SocketFailure(call: "recv", code: errno)
                        }
                        if n == 0 { break }
                        received += buffer[..<n]
                    }
                    return try HTTPWire.parseResponse(received)
                })
            }
        }
    }
}

/// A socket call that failed in a test client.
public struct SocketFailure: Error, CustomStringConvertible {
    public let call: String
    public let code: Int32
    public var description: String { "\(call): \(String(cString: strerror(code))) (errno \(code))" }

    static func connect(_ endpoint: LoopbackHTTPClient.Endpoint, timeout: Duration) throws -> Int32 {
        let fd: Int32
        var result: Int32
        switch endpoint {
        case .tcp(let port):
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .unix(let path):
            fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (i, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
            }
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
        }
        guard fd >= 0, result == 0 else {
            let code = errno
            if fd >= 0 { close(fd) }
            throw SocketFailure(call: "connect", code: code)
        }
        var interval = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SocketFailure(call: "send", code: errno)
            }
            offset += n
        }
    }
}

/// Parsing of HTTP/1.1 responses and chunked bodies, shared by the test clients.
enum HTTPWire {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    static func parseResponse(_ bytes: [UInt8]) throws -> LoopbackHTTPResponse {
        guard let end = headEnd(bytes) else { throw Malformed(description: "no complete head in \(bytes.count) bytes: \(String(decoding: bytes.prefix(200), as: UTF8.self))") }
        let (status, headers) = try parseHead(Array(bytes[..<end]))
        var body = Array(bytes[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            var decoder = ChunkedDecoder()
            body = decoder.feed(body)
        } else if let length = headers["content-length"].flatMap(Int.init), length <= body.count {
            body = Array(body.prefix(length))
        }
        return LoopbackHTTPResponse(status: status, headers: headers, body: body)
    }

    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }

    static func parseHead(_ head: [UInt8]) throws -> (Int, [String: String]) {
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { throw Malformed(description: "bad status line '\(lines[0])'") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers)
    }

    /// Incremental `Transfer-Encoding: chunked` decoder.
    struct ChunkedDecoder {
        private var pending: [UInt8] = []
        private(set) var finished = false

        /// Adds received bytes; returns the payload bytes decoded so far from them.
        mutating func feed(_ bytes: [UInt8]) -> [UInt8] {
            pending += bytes
            var output: [UInt8] = []
            while !finished {
                guard let lineEnd = firstCRLF(in: pending) else { break }
                let sizeText = String(decoding: pending[..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
                guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { finished = true; break }
                if size == 0 { finished = true; break }
                let start = lineEnd + 2
                guard pending.count >= start + size + 2 else { break }
                output += pending[start..<(start + size)]
                pending.removeFirst(start + size + 2)
            }
            return output
        }

        private func firstCRLF(in bytes: [UInt8]) -> Int? {
            guard bytes.count >= 2 else { return nil }
            for i in 0..<(bytes.count - 1) where bytes[i] == 13 && bytes[i + 1] == 10 { return i }
            return nil
        }
    }
}
