import LinuxIO

/// A complete HTTP/1.x request as parsed from the wire: request line, header fields, body.
///
/// `path` and `query` are the two halves of the origin-form target, still percent-encoded;
/// `queryItems` decodes the query. `transport` says which listener the request arrived on
/// (set by the server; `nil` for requests built in memory).
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The request target exactly as sent (`/v1/orders/42?x=1`, or `*`).
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Where the request came from; filled in by `HTTPServer`.
    public var transport: HTTPTransport?

    public init(
        method: HTTPMethod, target: String, version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = [:], body: [UInt8] = [], transport: HTTPTransport? = nil
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.transport = transport
    }

    /// The target up to `?` (percent-encoded as sent).
    public var path: String {
        guard let mark = target.firstIndex(of: "?") else { return target }
        return String(target[..<mark])
    }

    /// The target after `?`, or `nil` when there is none.
    public var query: String? {
        guard let mark = target.firstIndex(of: "?") else { return nil }
        return String(target[target.index(after: mark)...])
    }

    /// The decoded `name=value` pairs of the query (`+` is a space, `%XX` a byte).
    public var queryItems: [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(parts[0])
            let value = parts.count > 1 ? PercentDecoding.decode(parts[1]) : ""
            return (name: name, value: value)
        }
    }

    /// The first decoded value of query parameter `name`.
    public func queryValue(_ name: String) -> String? { queryItems.first { $0.name == name }?.value }

    /// The path split on `/`, empty segments dropped, each percent-decoded
    /// (`/v1/orders/a%20b` → `["v1", "orders", "a b"]`).
    public var pathSegments: [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map { PercentDecoding.decode($0, plusIsSpace: false) }
    }

    /// The body as UTF-8 text (invalid sequences replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Whether the connection stays open after the response: HTTP/1.1 unless
    /// `Connection: close`, HTTP/1.0 only with `Connection: keep-alive`.
    public var wantsKeepAlive: Bool {
        let tokens = headers.values(for: "Connection").flatMap { $0.split(separator: ",") }
            .map { $0.trimmingSpaces().lowercased() }
        if version == .http1_0 { return tokens.contains("keep-alive") }
        return !tokens.contains("close")
    }

    /// The media type of `Content-Type` without parameters, lower-cased (`application/json`).
    public var mediaType: String? {
        guard let value = headers["Content-Type"] else { return nil }
        return value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingSpaces().lowercased() }
    }
}

/// The listener a request arrived on.
public enum HTTPTransport: Sendable, Hashable {
    /// A TCP connection: the local (listening) address and the client's address.
    case tcp(local: SocketAddress, peer: SocketAddress?)
    /// A unix-socket connection: the socket path and the client process (`SO_PEERCRED`).
    case unix(path: String, peer: SocketPeerCredentials?)
}

enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` as space when `plusIsSpace`); malformed escapes stay literal.
    static func decode(_ text: Substring, plusIsSpace: Bool = true) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let high = hexValue(iterator[iterator.startIndex]),
               let low = hexValue(iterator[iterator.startIndex + 1]) {
                bytes.append(high << 4 | low)
                iterator.removeFirst(2)
            } else if byte == UInt8(ascii: "+") && plusIsSpace {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: return byte - 48
        case 65...70: return byte - 55
        case 97...102: return byte - 87
        default: return nil
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (HTTP's `OWS`).
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
