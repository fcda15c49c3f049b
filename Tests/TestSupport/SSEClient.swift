import Foundation
import Glibc
import Synchronization

/// One Server-Sent Event as received.
public struct ReceivedEvent: Sendable, Equatable, CustomStringConvertible {
    public let id: String?
    public let event: String
    public let data: String
    /// `data` parsed as a JSON object.
    public var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any]) ?? [:] }
    public var description: String { "\(event) \(data)" }
}

/// A Server-Sent Events client for tests: opens `GET path` on the daemon and collects events
/// on its own thread (never the cooperative pool) until `close()`.
public final class SSEClient: @unchecked Sendable {
    private let received = Mutex<[ReceivedEvent]>([])
    private let statusBox = Mutex<Int?>(nil)
    private let socket: Int32
    private let closed = Mutex(false)

    /// Connects and sends the request; events are collected from then on.
    /// - Throws: `SocketFailure` when the connection fails.
    public init(endpoint: LoopbackHTTPClient.Endpoint, path: String = "/v1/events", token: String?, headers: [String: String] = [:]) throws {
        socket = try SocketFailure.connect(endpoint, timeout: .seconds(3600))
        var host = "localhost"
        if case .tcp(let port) = endpoint { host = "127.0.0.1:\(port)" }
        var head = "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nAccept: text/event-stream\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        try SocketFailure.sendAll(socket, Array(head.utf8))
        let thread = Thread { [self] in readLoop() }
        thread.name = "sse-test-client"
        thread.start()
    }

    deinit { close() }

    /// Closes the connection (the reader thread ends).
    public func close() {
        let wasClosed = closed.withLock { value in
            defer { value = true }
            return value
        }
        if !wasClosed { shutdown(socket, Int32(SHUT_RDWR)) }
    }

    /// Every event received so far (heartbeat comments excluded).
    public var events: [ReceivedEvent] { received.withLock { $0 } }
    /// The handshake's status, once known.
    public var handshakeStatus: Int? { statusBox.withLock { $0 } }

    /// Waits until the stream is open (status received); returns the status.
    public func waitUntilOpen(timeout: Duration = .seconds(60)) async -> Int? {
        await waitOffPool(timeout: timeout) { [self] in handshakeStatus }
    }

    /// Waits for the first event named `name` after the first `after` events; returns it.
    public func waitFor(_ name: String, after skip: Int = 0, timeout: Duration = .seconds(60)) async -> ReceivedEvent? {
        await waitOffPool(timeout: timeout) { [self] in events.dropFirst(skip).first(where: { $0.event == name }) }
    }

    private func readLoop() {
        var headBuffer: [UInt8] = []
        var chunked = HTTPWire.ChunkedDecoder()
        var isChunked = false
        var inHead = true
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = recv(socket, &buffer, buffer.count, 0)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            var payload = Array(buffer[..<n])
            if inHead {
                headBuffer += payload
                guard let end = HTTPWire.headEnd(headBuffer) else { continue }
                let parsed = try? HTTPWire.parseHead(Array(headBuffer[..<end]))
                statusBox.withLock { $0 = parsed?.0 ?? -1 }
                isChunked = parsed?.1["transfer-encoding"]?.lowercased() == "chunked"
                payload = Array(headBuffer[(end + 4)...])
                inHead = false
            }
            let data = isChunked ? chunked.feed(payload) : payload
            text += String(decoding: data, as: UTF8.self)
            parseEvents(&text)
        }
        Glibc.close(socket)
    }

    /// Takes complete events (ended by a blank line) off the front of `text`.
    private func parseEvents(_ text: inout String) {
        text = text.replacingOccurrences(of: "\r\n", with: "\n")
        while let range = text.range(of: "\n\n") {
            let block = String(text[..<range.lowerBound])
            text.removeSubrange(..<range.upperBound)
            var id: String?
            var name = "message"
            var data: [String] = []
            var hasField = false
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix(":") { continue }
                let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                let field = String(parts[0])
                var value = parts.count > 1 ? String(parts[1]) : ""
                if value.hasPrefix(" ") { value.removeFirst() }
                switch field {
                case "id": id = value; hasField = true
                case "event": name = value; hasField = true
                case "data": data.append(value); hasField = true
                default: break
                }
            }
            if hasField && !data.isEmpty {
                let event = ReceivedEvent(id: id, event: name, data: data.joined(separator: "\n"))
                received.withLock { $0.append(event) }
            }
        }
    }
}
