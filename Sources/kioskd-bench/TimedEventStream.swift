import Foundation
import Glibc
import LinuxIO

/// A Server-Sent Events client on loopback TCP that stamps each event of one name with the
/// monotonic time its bytes arrived: a thread blocks in `recv` and takes the time as soon as
/// the call returns, so neither polling nor parsing enters the figure.
///
/// It speaks what the kiosk screen speaks: `GET /v1/events` over HTTP/1.1 (chunked), with
/// `Authorization: Bearer <token>` as a native client does (docs/api.md). A frame counts once
/// its blank line has arrived, when it has the `event: NAME` line and, if given, contains
/// `matching` (`"present":true` for badges placed, not removed).
final class TimedEventStream: @unchecked Sendable {
    private let connection: SocketConnection
    private let lock = NSLock()
    private var arrivals: [UInt64] = []
    private var status: Int?
    private var finished = false
    private let marker: [UInt8]
    private let filter: [UInt8]?

    /// Connects to `127.0.0.1:port` and opens the stream; arrivals of `event` are recorded.
    /// - Throws: `SystemError` when the connection fails.
    init(port: UInt16, token: String, event: String, matching: String? = nil) throws {
        marker = Array("event: \(event)\n".utf8)
        filter = matching.map { Array($0.utf8) }
        connection = try SocketConnection.connect(to: .loopbackIPv4(port: port))
        try connection.setNoDelay(true)
        try connection.sendAll(
            "GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\nAuthorization: Bearer \(token)\r\n\r\n")
        let thread = Thread { [self] in readLoop() }
        thread.name = "sse-bench-client"
        thread.start()
    }

    deinit { close() }

    /// How many of the recorded events arrived so far.
    var count: Int { lock.withLock { arrivals.count } }

    /// The handshake's HTTP status once received.
    var handshakeStatus: Int? { lock.withLock { status } }

    /// Waits until the handshake answered (200 expected); returns its status, nil on timeout.
    func waitUntilOpen(timeoutSeconds: Double = 10) -> Int? {
        let deadline = monotonicNanoseconds() + UInt64(timeoutSeconds * 1e9)
        while monotonicNanoseconds() < deadline {
            if let status = handshakeStatus { return status }
            if lock.withLock({ finished }) { return nil }
            usleep(1_000)
        }
        return nil
    }

    /// Waits until event number `index` (from 0) arrived; returns its arrival time.
    /// Polls every 100 µs: the arrival was stamped by the reader, so the wait adds nothing.
    func arrival(_ index: Int, timeoutSeconds: Double) -> UInt64? {
        let deadline = monotonicNanoseconds() + UInt64(timeoutSeconds * 1e9)
        while monotonicNanoseconds() < deadline {
            let found: UInt64? = lock.withLock { index < arrivals.count ? arrivals[index] : nil }
            if let found { return found }
            if lock.withLock({ finished }) { return nil }
            usleep(100)
        }
        return nil
    }

    /// Closes the connection; the reader thread ends.
    func close() { connection.shutdown(.both) }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        var pending: [UInt8] = []
        var headDone = false
        let blankLine: [UInt8] = [0x0A, 0x0A]
        while true {
            let received = (try? buffer.withUnsafeMutableBytes { try connection.receive(into: $0) }) ?? nil
            let now = monotonicNanoseconds()
            guard let count = received, count > 0 else { break }
            pending += buffer[0..<count]
            if !headDone {
                guard let end = Self.find(Array("\r\n\r\n".utf8), in: pending, from: 0) else { continue }
                let statusLine = String(decoding: pending[..<(pending.firstIndex(of: 0x0D) ?? end)], as: UTF8.self)
                let code = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? -1
                lock.withLock { status = code }
                headDone = true
                pending.removeFirst(end + 4)
            }
            // Whole frames end with a blank line; chunk-size lines sit between frames.
            var from = 0
            var matched = 0
            while let end = Self.find(blankLine, in: pending, from: from) {
                let frame = Array(pending[from..<end])
                if let at = Self.find(marker, in: frame, from: 0), at == 0 || frame[at - 1] == 0x0A,
                   filter.map({ Self.find($0, in: frame, from: 0) != nil }) ?? true {
                    matched += 1
                }
                from = end + blankLine.count
            }
            if from > 0 { pending.removeFirst(from) }
            if matched > 0 { lock.withLock { arrivals += Array(repeating: now, count: matched) } }
        }
        lock.withLock { finished = true }
        connection.close()
    }

    /// The first index of `needle` in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard needle.count <= haystack.count - from, !needle.isEmpty else { return nil }
        var index = from
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
