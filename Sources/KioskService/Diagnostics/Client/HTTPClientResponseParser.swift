import Foundation

/// Reads one HTTP/1.1 response from the bytes a client receives, incrementally. Pure.
///
/// Feed it what `recv` returned; it answers with what became known: the status line and
/// header fields once the head is complete, then body bytes as they arrive, decoded from
/// `Content-Length`, `Transfer-Encoding: chunked` or "until the connection closes" framing.
/// Guarantees: the head is at most `maximumHeadBytes` (else `.failed`); chunk-size lines
/// are at most 1 KiB; nothing past the end of the response is returned as body.
public struct HTTPClientResponseParser: Sendable {
    /// What a call to `feed` or `finish` produced, in order.
    public enum Output: Sendable, Equatable {
        /// The status code and header fields (names lower-cased, later duplicates joined with ", ").
        case head(status: Int, headers: [String: String])
        /// Decoded body bytes.
        case body([UInt8])
        /// The response is complete.
        case end
        /// The bytes are not an HTTP response; the reason says where.
        case failed(String)
    }

    /// The longest status line plus header fields accepted.
    public static let maximumHeadBytes = 32 * 1024

    private enum Framing { case length(Int), untilClose }
    private enum ChunkState { case size, data(Int), dataEnd, trailer }
    private enum Phase { case head, body(Framing), chunk(ChunkState), done }

    private var phase = Phase.head
    private var buffer: [UInt8] = []
    /// Whether the request was `HEAD` (a response without a body whatever its fields say).
    private let headRequest: Bool

    public init(headRequest: Bool = false) { self.headRequest = headRequest }

    /// Whether `.end` (or `.failed`) was produced.
    public var isFinished: Bool { if case .done = phase { return true } else { return false } }

    /// Takes received bytes and returns what they completed.
    public mutating func feed(_ bytes: [UInt8]) -> [Output] {
        guard !isFinished else { return [] }
        buffer += bytes
        var outputs: [Output] = []
        while !isFinished, step(&outputs) {}
        return outputs
    }

    /// The connection closed: ends an "until close" body, or fails a truncated response.
    public mutating func finish() -> [Output] {
        switch phase {
        case .done: return []
        case .body(.untilClose):
            phase = .done
            let rest = buffer
            buffer = []
            return (rest.isEmpty ? [] : [.body(rest)]) + [.end]
        case .head:
            phase = .done
            return [.failed(buffer.isEmpty ? "the connection closed before any answer" : "the connection closed in the middle of the response head")]
        default:
            phase = .done
            return [.failed("the connection closed before the end of the response body")]
        }
    }

    /// Advances by one framing element; false when more bytes are needed.
    private mutating func step(_ outputs: inout [Output]) -> Bool {
        switch phase {
        case .done:
            return false
        case .head:
            return parseHead(&outputs)
        case .body(.length(let remaining)):
            guard !buffer.isEmpty else { return false }
            let take = min(remaining, buffer.count)
            outputs.append(.body(Array(buffer[..<take])))
            buffer.removeSubrange(..<take)
            if take == remaining { finishBody(&outputs) } else { phase = .body(.length(remaining - take)) }
            return true
        case .body(.untilClose):
            guard !buffer.isEmpty else { return false }
            outputs.append(.body(buffer))
            buffer = []
            return true
        case .chunk(.size):
            guard let end = Self.find([13, 10], in: buffer) else {
                if buffer.count > 1024 { fail("chunk size line longer than 1 KiB", &outputs) }
                return false
            }
            let line = String(decoding: buffer[..<end], as: UTF8.self)
            buffer.removeSubrange(..<(end + 2))
            let sizeText = line.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else {
                fail("bad chunk size \"\(line.prefix(40))\"", &outputs)
                return false
            }
            phase = .chunk(size == 0 ? .trailer : .data(size))
            return true
        case .chunk(.data(let remaining)):
            guard !buffer.isEmpty else { return false }
            let take = min(remaining, buffer.count)
            outputs.append(.body(Array(buffer[..<take])))
            buffer.removeSubrange(..<take)
            phase = .chunk(take == remaining ? .dataEnd : .data(remaining - take))
            return true
        case .chunk(.dataEnd):
            guard buffer.count >= 2 else { return false }
            guard buffer[0] == 13, buffer[1] == 10 else {
                fail("chunk data not followed by CRLF", &outputs)
                return false
            }
            buffer.removeSubrange(..<2)
            phase = .chunk(.size)
            return true
        case .chunk(.trailer):
            guard let end = Self.find([13, 10], in: buffer) else { return false }
            buffer.removeSubrange(..<(end + 2))
            if end == 0 { finishBody(&outputs) }
            return true
        }
    }

    /// The status line and header fields, once the blank line that ends them has arrived.
    private mutating func parseHead(_ outputs: inout [Output]) -> Bool {
        guard let end = Self.find([13, 10, 13, 10], in: buffer) else {
            if buffer.count > Self.maximumHeadBytes { fail("response head larger than \(Self.maximumHeadBytes) bytes", &outputs) }
            return false
        }
        let headText = String(decoding: buffer[..<end], as: UTF8.self)
        buffer.removeSubrange(..<(end + 4))
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]), (100...599).contains(status) else {
            fail("not an HTTP/1.x status line: \"\(statusLine.prefix(80))\"", &outputs)
            return false
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
        }
        if (100..<200).contains(status) { return true }  // an interim answer: the real one follows
        outputs.append(.head(status: status, headers: headers))
        if headRequest || status == 204 || status == 304 {
            finishBody(&outputs)
        } else if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            phase = .chunk(.size)
        } else if let lengthText = headers["content-length"] {
            guard let length = Int(lengthText), length >= 0 else {
                fail("bad Content-Length \"\(lengthText)\"", &outputs)
                return false
            }
            if length == 0 { finishBody(&outputs) } else { phase = .body(.length(length)) }
        } else {
            phase = .body(.untilClose)
        }
        return true
    }

    private mutating func finishBody(_ outputs: inout [Output]) {
        phase = .done
        outputs.append(.end)
    }

    private mutating func fail(_ reason: String, _ outputs: inout [Output]) {
        phase = .done
        outputs.append(.failed(reason))
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0] && Array(haystack[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }
}
