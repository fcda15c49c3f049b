import Foundation
import Glibc
import LinuxIO

/// A finished answer of the daemon's local API.
public struct LocalAPIResponse: Sendable {
    /// Which endpoint answered.
    public let endpoint: LocalAPIEndpoint
    public let status: Int
    /// Header fields, names lower-cased.
    public let headers: [String: String]
    public let body: [UInt8]
    /// The peer process of a unix-socket connection (`SO_PEERCRED`), i.e. the daemon.
    public let peer: SocketPeerCredentials?
}

/// Why the local API could not be used.
public enum LocalAPIError: Error, Sendable, CustomStringConvertible {
    /// No endpoint accepted a connection; one line per endpoint tried (`connect(…): …`).
    case unreachable([String])
    /// An endpoint accepted the connection but the exchange failed (timeout, reset, not HTTP).
    case exchangeFailed(endpoint: LocalAPIEndpoint, reason: String)

    public var description: String {
        switch self {
        case .unreachable(let attempts):
            return attempts.isEmpty ? "no API endpoint to try" : attempts.joined(separator: "; ")
        case .exchangeFailed(let endpoint, let reason):
            return "\(endpoint): \(reason)"
        }
    }
}

/// A small blocking HTTP/1.1 client for the daemon's local API, for `kioskctl`.
///
/// Tries each endpoint in order until one accepts the connection (unix sockets first, as
/// `LocalAPIEndpoint.candidates` orders them), sends one request with `Connection: close`,
/// the `Host` field the security gate accepts and `Authorization: Bearer` when a token is
/// given, and reads the answer within `timeoutMilliseconds` of silence. Never resolves names
/// (loopback addresses only); never runs on Swift's cooperative pool (callers are the
/// synchronous commands).
public struct LocalAPIClient: Sendable {
    public let endpoints: [LocalAPIEndpoint]
    /// The API token (`api.tokenFile`); `GET /v1/health` needs none.
    public let token: String?
    /// Longest wait for a connection, and for each read of an answer.
    public let timeoutMilliseconds: Int32
    /// Largest answer body read (a limit on what the other side controls).
    public static let maximumBodyBytes = 4 << 20

    public init(endpoints: [LocalAPIEndpoint], token: String? = nil, timeoutMilliseconds: Int32 = 3_000) {
        self.endpoints = endpoints
        self.token = token
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// `GET path` on the first endpoint that accepts a connection.
    /// - Throws: `LocalAPIError.unreachable` listing every failed connect;
    ///   `.exchangeFailed` when the answer does not come or is not HTTP.
    public func get(_ path: String) throws(LocalAPIError) -> LocalAPIResponse {
        let connection = try connect()
        defer { connection.close() }
        try connection.send(request(path, on: connection.endpoint, accept: "application/json"))
        var parser = HTTPClientResponseParser()
        var status = 0
        var headers: [String: String] = [:]
        var body: [UInt8] = []
        while true {
            let bytes = try connection.receive(timeoutMilliseconds: timeoutMilliseconds)
            for output in bytes.isEmpty ? parser.finish() : parser.feed(bytes) {
                switch output {
                case .head(let code, let fields):
                    status = code
                    headers = fields
                case .body(let chunk):
                    body += chunk
                    if body.count > Self.maximumBodyBytes {
                        throw .exchangeFailed(endpoint: connection.endpoint, reason: "answer larger than \(Self.maximumBodyBytes) bytes")
                    }
                case .end:
                    return LocalAPIResponse(endpoint: connection.endpoint, status: status, headers: headers, body: body, peer: connection.peer)
                case .failed(let reason):
                    throw .exchangeFailed(endpoint: connection.endpoint, reason: reason)
                }
            }
        }
    }

    /// Opens `GET path` as a Server-Sent Events stream.
    /// - Returns: the open stream, whose head has been read (status 200 and `text/event-stream`).
    /// - Throws: `LocalAPIError`; `.exchangeFailed` naming the status and error message when
    ///   the daemon refuses (e.g. 401 with a wrong token).
    public func openEventStream(_ path: String) throws(LocalAPIError) -> LocalAPIEventStream {
        let connection = try connect()
        do throws(LocalAPIError) {
            try connection.send(request(path, on: connection.endpoint, accept: "text/event-stream"))
            var parser = HTTPClientResponseParser()
            var pending: [UInt8] = []
            while true {
                let bytes = try connection.receive(timeoutMilliseconds: timeoutMilliseconds)
                for output in bytes.isEmpty ? parser.finish() : parser.feed(bytes) {
                    switch output {
                    case .head(let status, let headers):
                        if status != 200 {
                            let rest = try? readRest(&parser, connection)
                            throw LocalAPIError.exchangeFailed(endpoint: connection.endpoint, reason: Self.refusal(status, rest ?? []))
                        }
                        guard headers["content-type"]?.hasPrefix("text/event-stream") == true else {
                            throw LocalAPIError.exchangeFailed(endpoint: connection.endpoint, reason: "answer is \(headers["content-type"] ?? "untyped"), not text/event-stream")
                        }
                        return LocalAPIEventStream(connection: connection, parser: parser, initialBody: pending)
                    case .body(let chunk):
                        pending += chunk
                    case .end:
                        throw LocalAPIError.exchangeFailed(endpoint: connection.endpoint, reason: "the stream ended at once")
                    case .failed(let reason):
                        throw LocalAPIError.exchangeFailed(endpoint: connection.endpoint, reason: reason)
                    }
                }
            }
        } catch {
            connection.close()
            throw error
        }
    }

    /// `401 unauthorized: missing or invalid token` from an error answer's JSON, or the status alone.
    static func refusal(_ status: Int, _ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(2048), as: UTF8.self)
        if let data = text.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let error = object["error"] as? [String: Any] {
            let code = error["code"] as? String ?? "error"
            let message = error["message"] as? String ?? ""
            return "HTTP \(status) \(code)\(message.isEmpty ? "" : ": " + message)"
        }
        return "HTTP \(status)"
    }

    private func readRest(_ parser: inout HTTPClientResponseParser, _ connection: LocalAPIConnection) throws(LocalAPIError) -> [UInt8] {
        var body: [UInt8] = []
        while !parser.isFinished && body.count < 64 * 1024 {
            let bytes = try connection.receive(timeoutMilliseconds: timeoutMilliseconds)
            for output in bytes.isEmpty ? parser.finish() : parser.feed(bytes) {
                if case .body(let chunk) = output { body += chunk }
            }
        }
        return body
    }

    private func request(_ path: String, on endpoint: LocalAPIEndpoint, accept: String) -> [UInt8] {
        var text = "GET \(path) HTTP/1.1\r\nHost: \(endpoint.hostField)\r\nAccept: \(accept)\r\nUser-Agent: kioskctl/\(KioskdVersion.current)\r\nConnection: close\r\n"
        if let token { text += "Authorization: Bearer \(token)\r\n" }
        return Array((text + "\r\n").utf8)
    }

    private func connect() throws(LocalAPIError) -> LocalAPIConnection {
        var attempts: [String] = []
        for endpoint in endpoints {
            do {
                return try LocalAPIConnection.open(endpoint, timeoutMilliseconds: timeoutMilliseconds)
            } catch {
                attempts.append("\(error)")
            }
        }
        throw .unreachable(attempts)
    }
}

/// An open `text/event-stream` answer: read events with `next(timeoutMilliseconds:)`.
public final class LocalAPIEventStream {
    private let connection: LocalAPIConnection
    private var parser: HTTPClientResponseParser
    private var events = EventStreamParser()
    private var queued: [EventStreamMessage] = []
    private var ended = false

    /// The endpoint the stream comes from.
    public var endpoint: LocalAPIEndpoint { connection.endpoint }

    init(connection: LocalAPIConnection, parser: HTTPClientResponseParser, initialBody: [UInt8]) {
        self.connection = connection
        self.parser = parser
        queued = events.feed(initialBody)
    }

    deinit { connection.close() }

    /// The next event, waiting at most `timeoutMilliseconds` (-1: forever).
    /// - Returns: the event; nil when the time ran out or the daemon closed the stream
    ///   (`isEnded` tells which).
    /// - Throws: `LocalAPIError.exchangeFailed` when the connection fails or the framing breaks.
    public func next(timeoutMilliseconds: Int32) throws(LocalAPIError) -> EventStreamMessage? {
        let deadline = monotonicNanoseconds() + UInt64(max(0, timeoutMilliseconds)) * 1_000_000
        while queued.isEmpty && !ended {
            let remaining: Int32
            if timeoutMilliseconds < 0 {
                remaining = -1
            } else {
                let now = monotonicNanoseconds()
                guard now < deadline else { return nil }
                remaining = Int32(min(UInt64(Int32.max), (deadline - now) / 1_000_000 + 1))
            }
            let bytes: [UInt8]
            do {
                bytes = try connection.receive(timeoutMilliseconds: remaining)
            } catch LocalAPIError.exchangeFailed(_, let reason) where reason.hasPrefix("no answer") {
                return nil
            }
            for output in bytes.isEmpty ? parser.finish() : parser.feed(bytes) {
                switch output {
                case .body(let chunk): queued += events.feed(chunk)
                case .end: ended = true
                case .failed(let reason):
                    ended = true
                    if !reason.hasPrefix("the connection closed") { throw .exchangeFailed(endpoint: connection.endpoint, reason: reason) }
                case .head: break
                }
            }
        }
        return queued.isEmpty ? nil : queued.removeFirst()
    }

    /// Whether the daemon ended the stream (stopped or restarted).
    public var isEnded: Bool { ended && queued.isEmpty }
}

/// One connection to an endpoint, non-blocking, read and written with `poll` deadlines.
final class LocalAPIConnection {
    let endpoint: LocalAPIEndpoint
    let descriptor: FileDescriptor
    let peer: SocketPeerCredentials?

    private init(endpoint: LocalAPIEndpoint, descriptor: FileDescriptor, peer: SocketPeerCredentials?) {
        self.endpoint = endpoint
        self.descriptor = descriptor
        self.peer = peer
    }

    /// Connects to `endpoint` (numeric addresses only).
    /// - Throws: `SystemError` naming `connect(…)`.
    static func open(_ endpoint: LocalAPIEndpoint, timeoutMilliseconds: Int32) throws -> LocalAPIConnection {
        switch endpoint {
        case .unix(let path):
            let connection = try SocketConnection.connect(to: .unix(path: path), nonBlocking: true)
            return LocalAPIConnection(endpoint: endpoint, descriptor: connection.descriptor, peer: try? connection.peerCredentials())
        case .tcp(let address):
            let descriptor = try TCPClient.connect(host: address.host, port: address.port, timeoutMilliseconds: timeoutMilliseconds)
            return LocalAPIConnection(endpoint: endpoint, descriptor: descriptor, peer: nil)
        }
    }

    func close() { descriptor.close() }

    /// Sends all of `bytes`.
    func send(_ bytes: [UInt8]) throws(LocalAPIError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(descriptor.rawValue, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
            } else if sent < 0 && (errno == EAGAIN || errno == EINTR) {
                _ = try? Poll.wait([(descriptor, .writable)], timeoutMilliseconds: 1_000)
            } else {
                throw .exchangeFailed(endpoint: endpoint, reason: "\(SystemError.current("send"))")
            }
        }
    }

    /// The next bytes received (empty: the other side closed), waiting at most
    /// `timeoutMilliseconds` (-1: forever).
    /// - Throws: `.exchangeFailed("no answer within … ms")` on timeout, or the `recv` error.
    func receive(timeoutMilliseconds: Int32) throws(LocalAPIError) -> [UInt8] {
        while true {
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            let n = buffer.withUnsafeMutableBytes { Glibc.recv(descriptor.rawValue, $0.baseAddress, $0.count, 0) }
            if n >= 0 { return Array(buffer[..<n]) }
            guard errno == EAGAIN || errno == EINTR else {
                let error = SystemError.current("recv")
                if error.code == ECONNRESET { return [] }
                throw .exchangeFailed(endpoint: endpoint, reason: "\(error)")
            }
            let ready = (try? Poll.wait([(descriptor, .readable)], timeoutMilliseconds: timeoutMilliseconds)) ?? []
            if ready.isEmpty { throw .exchangeFailed(endpoint: endpoint, reason: "no answer within \(timeoutMilliseconds) ms") }
        }
    }
}
