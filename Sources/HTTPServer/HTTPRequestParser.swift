/// What `HTTPRequestParser.nextRequest()` found in the bytes appended so far.
public enum HTTPParseResult: Sendable {
    /// A complete request; bytes after it stay buffered for the next call (pipelining).
    case request(HTTPRequest)
    /// The buffered bytes are a valid prefix of a request: append more.
    case needMoreData
    /// The bytes can never form a valid request; answer `error.response` and close the
    /// connection. The parser stays failed.
    case failure(APIError)
}

/// An incremental HTTP/1.x request parser: bytes in, requests out. Pure: no I/O, no clock.
///
/// Feed it whatever `recv` returned with `append(_:)` (one byte at a time works) and call
/// `nextRequest()` until it answers `.needMoreData`. It enforces `HTTPParserLimits` as soon as
/// a limit is provably exceeded, before buffering the excess, so a client can never make it
/// hold more than the limits plus one read. It refuses what request smuggling needs: bare LF
/// or CR line endings, obsolete line folding, whitespace before a field's colon, a duplicated
/// `Content-Length`, `Content-Length` together with `Transfer-Encoding`, and any transfer
/// coding but `chunked` (501). HTTP/1.1 requests need exactly one `Host`.
public struct HTTPRequestParser: Sendable {
    /// The limits this parser enforces.
    public let limits: HTTPParserLimits

    private enum State: Sendable {
        case requestLine
        case headers
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
    }

    private var buffer: [UInt8] = []
    /// Index of the first unconsumed byte in `buffer`.
    private var position = 0
    /// Where the search for the next `\n` resumes, so byte-by-byte input stays linear.
    private var scanFrom = 0
    private var state = State.requestLine
    private var failure: APIError?

    // The request being assembled.
    private var method = HTTPMethod.get
    private var target = ""
    private var version = HTTPVersion.http1_1
    private var headers = HTTPHeaders()
    private var headerBytes = 0
    private var headerCount = 0
    private var body: [UInt8] = []
    private var skippedEmptyLineBytes = 0
    private var expectsContinue = false
    /// How far `checkRequestLineBytes` got, so byte-by-byte input is checked in linear time.
    private var lineCheck = (index: 0, inMethod: true)

    public init(limits: HTTPParserLimits = HTTPParserLimits()) { self.limits = limits }

    /// Buffers `bytes` for parsing.
    public mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if position > 0 && (position == buffer.count || position >= 4096) {
            buffer.removeSubrange(0..<position)
            scanFrom -= position
            lineCheck.index = max(0, lineCheck.index - position)
            position = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Bytes appended but not yet consumed by a returned request.
    public var bufferedByteCount: Int { buffer.count - position }

    /// Whether part of a request has been received (a started request line, headers or body):
    /// the server answers 408 when such a request times out, and closes silently otherwise.
    public var hasPartialRequest: Bool {
        if case .requestLine = state { return buffer[position...].contains { $0 != 13 && $0 != 10 } }
        return true
    }

    /// Whether the head of the current request is complete, it asked for `Expect: 100-continue`
    /// and its body has not fully arrived: the server should send `100 Continue` (once).
    public var isAwaitingContinue: Bool {
        guard expectsContinue else { return false }
        switch state {
        case .requestLine, .headers: return false
        default: return true
        }
    }

    /// Parses as far as the buffered bytes allow.
    public mutating func nextRequest() -> HTTPParseResult {
        if let failure { return .failure(failure) }
        do {
            while true {
                switch state {
                case .requestLine:
                    guard try skipEmptyLines() else { return .needMoreData }
                    try checkRequestLineBytes()
                    guard let line = try nextLine(limit: limits.maxRequestLineBytes, tooLong: .uriTooLong(limit: limits.maxRequestLineBytes)) else {
                        return .needMoreData
                    }
                    lineCheck = (index: position, inMethod: true)
                    try parseRequestLine(line)
                    state = .headers
                case .headers:
                    guard let line = try nextLine(limit: limits.maxHeaderBytes - headerBytes, tooLong: headersTooLarge) else {
                        return .needMoreData
                    }
                    if line.isEmpty {
                        try beginBody()
                    } else {
                        try countField(line)
                        let field = try parseField(line)
                        headers.add(field.name, field.value)
                    }
                case .fixedBody(let remaining):
                    let take = min(remaining, buffer.count - position)
                    body.append(contentsOf: buffer[position..<(position + take)])
                    position += take
                    if remaining - take > 0 {
                        state = .fixedBody(remaining: remaining - take)
                        return .needMoreData
                    }
                    return .request(finishRequest())
                case .chunkSize:
                    guard let line = try nextLine(limit: limits.maxChunkLineBytes, tooLong: .badRequest("chunk-size line exceeds \(limits.maxChunkLineBytes) bytes")) else {
                        return .needMoreData
                    }
                    let size = try parseChunkSize(line)
                    if size == 0 {
                        headerBytes = 0
                        headerCount = 0
                        state = .trailers
                    } else {
                        guard size <= limits.maxBodyBytes - body.count else { throw APIError.payloadTooLarge(limit: limits.maxBodyBytes) }
                        state = .chunkData(remaining: size)
                    }
                case .chunkData(let remaining):
                    let take = min(remaining, buffer.count - position)
                    body.append(contentsOf: buffer[position..<(position + take)])
                    position += take
                    if remaining - take > 0 {
                        state = .chunkData(remaining: remaining - take)
                        return .needMoreData
                    }
                    state = .chunkDataEnd
                case .chunkDataEnd:
                    guard buffer.count - position >= 2 else {
                        if buffer.count > position && buffer[position] != 13 { throw APIError.badRequest("chunk data not followed by CRLF") }
                        return .needMoreData
                    }
                    guard buffer[position] == 13 && buffer[position + 1] == 10 else {
                        throw APIError.badRequest("chunk data not followed by CRLF")
                    }
                    position += 2
                    scanFrom = position
                    state = .chunkSize
                case .trailers:
                    guard let line = try nextLine(limit: limits.maxHeaderBytes - headerBytes, tooLong: headersTooLarge) else {
                        return .needMoreData
                    }
                    if line.isEmpty { return .request(finishRequest()) }
                    try countField(line)
                    _ = try parseField(line)  // trailer fields are validated, then dropped
                }
            }
        } catch let error as APIError {
            failure = error
            return .failure(error)
        } catch {
            let error = APIError.badRequest("\(error)")
            failure = error
            return .failure(error)
        }
    }

    // MARK: Lines

    private var headersTooLarge: APIError {
        .headersTooLarge("header fields exceed \(limits.maxHeaderBytes) bytes or \(limits.maxHeaderCount) fields")
    }

    /// Skips the empty lines RFC 9112 §2.2 lets a server ignore before a request line (counted
    /// against the request-line limit). Returns false when more bytes are needed.
    private mutating func skipEmptyLines() throws -> Bool {
        while position < buffer.count {
            if buffer[position] == 10 { throw APIError.badRequest("bare LF line ending") }
            guard buffer[position] == 13 else { return true }
            guard position + 1 < buffer.count else { return false }
            guard buffer[position + 1] == 10 else { throw APIError.badRequest("bare CR in request line") }
            position += 2
            scanFrom = max(scanFrom, position)
            skippedEmptyLineBytes += 2
            if skippedEmptyLineBytes > limits.maxRequestLineBytes { throw APIError.badRequest("too many empty lines before the request line") }
        }
        return false
    }

    /// The next CRLF-terminated line without its CRLF, consumed; `nil` when no full line is
    /// buffered yet. Throws `tooLong` as soon as the line is known to exceed `limit` bytes.
    private mutating func nextLine(limit: Int, tooLong: APIError) throws -> ArraySlice<UInt8>? {
        let start = position
        var index = max(scanFrom, start)
        while index < buffer.count && buffer[index] != 10 { index += 1 }
        guard index < buffer.count else {
            scanFrom = index
            // Everything buffered belongs to this line; a final CR may still be its terminator.
            var pending = buffer.count - start
            if pending > 0 && buffer[buffer.count - 1] == 13 { pending -= 1 }
            if pending > limit { throw tooLong }
            return nil
        }
        // The length is checked first, as it would have been had the line arrived in pieces.
        let endsWithCR = index > start && buffer[index - 1] == 13
        if index - start - (endsWithCR ? 1 : 0) > limit { throw tooLong }
        guard endsWithCR else { throw APIError.badRequest("bare LF line ending") }
        let line = buffer[start..<(index - 1)]
        position = index + 1
        scanFrom = position
        return line
    }

    // MARK: Request line

    /// Checks the bytes of the request line received so far (up to its limit): a method made
    /// of token characters, no control character but the final CR. Refuses binary noise (a TLS
    /// handshake, a port scanner) at once instead of waiting for the request timeout, and gives
    /// the same answer however the line was split into reads.
    private mutating func checkRequestLineBytes() throws {
        let end = min(buffer.count, position + limits.maxRequestLineBytes + 1)
        var index = max(lineCheck.index, position)
        while index < end && buffer[index] != 10 {
            let byte = buffer[index]
            if byte == 13 {
                guard index + 1 < buffer.count else { break }  // re-checked once the next byte is in
                if buffer[index + 1] != 10 { throw APIError.badRequest("bare CR in the request line") }
            } else if lineCheck.inMethod && byte == 32 {
                lineCheck.inMethod = false
            } else if lineCheck.inMethod ? !HTTPSyntax.isTokenByte(byte) : (byte < 32 || byte == 127) {
                throw APIError.badRequest(lineCheck.inMethod ? "malformed method" : "control character in the request line")
            }
            index += 1
        }
        lineCheck.index = index
    }

    private mutating func parseRequestLine(_ line: ArraySlice<UInt8>) throws {
        let parts = line.split(separator: 32, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw APIError.badRequest("malformed request line (expected 'METHOD target HTTP/1.1')")
        }
        let (methodBytes, targetBytes, versionBytes) = (parts[0], parts[1], parts[2])
        guard methodBytes.allSatisfy(HTTPSyntax.isTokenByte) else { throw APIError.badRequest("malformed method") }
        guard targetBytes.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "#") }) else {
            throw APIError.badRequest("request target contains a forbidden byte")
        }
        version = try parseVersion(versionBytes)
        method = HTTPMethod(rawValue: String(decoding: methodBytes, as: UTF8.self))
        target = String(decoding: targetBytes, as: UTF8.self)
        if target == "*" {
            guard method == .options else { throw APIError.badRequest("'*' is only valid with OPTIONS") }
        } else if targetBytes.first != UInt8(ascii: "/") {
            throw APIError.badRequest("request target must be a path beginning with '/'")
        }
    }

    private func parseVersion(_ bytes: ArraySlice<UInt8>) throws -> HTTPVersion {
        let text = Array(bytes)
        guard text.count == 8, text[0..<5].elementsEqual("HTTP/".utf8), text[6] == UInt8(ascii: "."),
              let major = HTTPSyntax.digit(text[5]), let minor = HTTPSyntax.digit(text[7])
        else { throw APIError.badRequest("malformed HTTP version") }
        guard major == 1 else { throw APIError.versionNotSupported(String(decoding: bytes, as: UTF8.self)) }
        return minor == 0 ? .http1_0 : .http1_1
    }

    // MARK: Header fields

    private mutating func countField(_ line: ArraySlice<UInt8>) throws {
        headerBytes += line.count + 2
        headerCount += 1
        if headerBytes > limits.maxHeaderBytes || headerCount > limits.maxHeaderCount { throw headersTooLarge }
    }

    private func parseField(_ line: ArraySlice<UInt8>) throws -> (name: String, value: String) {
        if line.first == 32 || line.first == 9 { throw APIError.badRequest("obsolete line folding is not accepted") }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw APIError.badRequest("header field without ':'") }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(HTTPSyntax.isTokenByte) else {
            throw APIError.badRequest("malformed header field name (no whitespace allowed before ':')")
        }
        var value = line[(colon + 1)...]
        while let first = value.first, first == 32 || first == 9 { value.removeFirst() }
        while let last = value.last, last == 32 || last == 9 { value.removeLast() }
        guard value.allSatisfy({ $0 == 9 || ($0 >= 32 && $0 != 127) }) else {
            throw APIError.badRequest("header field value contains a control character")
        }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    // MARK: Body framing

    private mutating func beginBody() throws {
        expectsContinue = version == .http1_1
            && headers.values(for: "Expect").contains { $0.trimmingSpaces().lowercased() == "100-continue" }
        let hosts = headers.values(for: "Host")
        if hosts.count > 1 { throw APIError.badRequest("more than one Host field") }
        if hosts.isEmpty && version == .http1_1 { throw APIError.badRequest("HTTP/1.1 request without Host") }

        let transferEncodings = headers.values(for: "Transfer-Encoding")
        let contentLengths = headers.values(for: "Content-Length")
        if !transferEncodings.isEmpty {
            if version == .http1_0 { throw APIError.badRequest("Transfer-Encoding in an HTTP/1.0 request") }
            if !contentLengths.isEmpty { throw APIError.badRequest("both Content-Length and Transfer-Encoding") }
            let codings = transferEncodings.flatMap { $0.split(separator: ",") }.map { $0.trimmingSpaces().lowercased() }
            guard !codings.isEmpty, codings.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(HTTPSyntax.isTokenByte) }) else {
                throw APIError.badRequest("malformed Transfer-Encoding")
            }
            guard codings == ["chunked"] else {
                throw APIError.notImplemented("Transfer-Encoding '\(codings.joined(separator: ", "))' is not supported; only 'chunked'")
            }
            state = .chunkSize
            return
        }
        let lengths = contentLengths.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard lengths.count <= 1 else { throw APIError.badRequest("duplicate Content-Length") }
        guard let text = lengths.first else { return try finishEmpty() }
        let digits = text.trimmingSpaces()
        guard !digits.isEmpty, digits.count <= 18, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let length = Int(digits) else {
            throw APIError.badRequest("malformed Content-Length")
        }
        guard length <= limits.maxBodyBytes else { throw APIError.payloadTooLarge(limit: limits.maxBodyBytes) }
        state = .fixedBody(remaining: length)
    }

    /// A request without body: `.fixedBody(0)` completes it on the next loop turn.
    private mutating func finishEmpty() throws { state = .fixedBody(remaining: 0) }

    private func parseChunkSize(_ line: ArraySlice<UInt8>) throws -> Int {
        let sizeBytes = line.prefix { $0 != UInt8(ascii: ";") }
        let extensions = line.dropFirst(sizeBytes.count)
        guard extensions.allSatisfy({ $0 == 9 || ($0 >= 32 && $0 != 127) }) else {
            throw APIError.badRequest("chunk extension contains a control character")
        }
        var size = 0
        var digits = 0
        for byte in sizeBytes {
            if byte == 32 || byte == 9 {  // BWS before ';'
                if digits == 0 { throw APIError.badRequest("malformed chunk size") }
                continue
            }
            guard let value = PercentDecoding.hexValue(byte) else { throw APIError.badRequest("malformed chunk size") }
            digits += 1
            guard digits <= 15 else { throw APIError.badRequest("chunk size too long") }
            size = size << 4 | Int(value)
        }
        guard digits > 0 else { throw APIError.badRequest("malformed chunk size") }
        return size
    }

    private mutating func finishRequest() -> HTTPRequest {
        let request = HTTPRequest(method: method, target: target, version: version, headers: headers, body: body)
        state = .requestLine
        headers = HTTPHeaders()
        body = []
        headerBytes = 0
        headerCount = 0
        skippedEmptyLineBytes = 0
        expectsContinue = false
        scanFrom = position
        return request
    }
}

/// Character classes of RFC 9110.
enum HTTPSyntax {
    /// `tchar`: ``!#$%&'*+-.^_`|~``, digits and letters.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122: return true
        default: return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    static func digit(_ byte: UInt8) -> Int? { (48...57).contains(byte) ? Int(byte - 48) : nil }
}
