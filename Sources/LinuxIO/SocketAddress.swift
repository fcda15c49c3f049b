import Glibc

/// A socket address: an IPv4 or IPv6 host and port, or a unix-domain socket path.
///
/// The typed form of `sockaddr_in`, `sockaddr_in6` and `sockaddr_un`. Hosts are numeric
/// (`127.0.0.1`, `::1`): no name resolution ever happens here, so binding never blocks on DNS.
public enum SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// `AF_INET`: a dotted-quad host and a port (0 asks the kernel for a free port).
    case ipv4(host: String, port: UInt16)
    /// `AF_INET6`: a numeric IPv6 host (without brackets) and a port.
    case ipv6(host: String, port: UInt16)
    /// `AF_UNIX`: a filesystem path (at most 107 bytes).
    case unix(path: String)

    /// `127.0.0.1:port`.
    public static func loopbackIPv4(port: UInt16) -> SocketAddress { .ipv4(host: "127.0.0.1", port: port) }
    /// `[::1]:port`.
    public static func loopbackIPv6(port: UInt16) -> SocketAddress { .ipv6(host: "::1", port: port) }

    /// Parses `127.0.0.1:8765`, `[::1]:8765` or `unix:/run/kioskd/api.sock`.
    /// - Throws: `SocketAddressError` naming the text when it is none of these, when the host
    ///   is not a numeric address or the port is not 0…65535.
    public init(parsing text: String) throws {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { throw SocketAddressError(text: text, reason: "empty unix socket path") }
            self = .unix(path: path)
            return
        }
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw SocketAddressError(text: text, reason: "missing ']' after the IPv6 host")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw SocketAddressError(text: text, reason: "missing ':port'") }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw SocketAddressError(text: text, reason: "missing ':port'")
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !portText.isEmpty, portText.allSatisfy(\.isASCII), portText.allSatisfy(\.isNumber),
              portText.count <= 5, let port = Int(portText), port <= 65535
        else { throw SocketAddressError(text: text, reason: "port must be a number from 0 to 65535") }
        if text.hasPrefix("[") {
            var probe = in6_addr()
            guard inet_pton(AF_INET6, String(host), &probe) == 1 else {
                throw SocketAddressError(text: text, reason: "'\(host)' is not a numeric IPv6 address")
            }
            self = .ipv6(host: String(host), port: UInt16(port))
        } else {
            var probe = in_addr()
            guard inet_pton(AF_INET, String(host), &probe) == 1 else {
                throw SocketAddressError(text: text, reason: "'\(host)' is not a numeric IPv4 address")
            }
            self = .ipv4(host: String(host), port: UInt16(port))
        }
    }

    /// The port of an IP address; `nil` for a unix socket.
    public var port: UInt16? {
        switch self {
        case .ipv4(_, let port), .ipv6(_, let port): return port
        case .unix: return nil
        }
    }

    /// Whether the address is on this machine only: `127.0.0.0/8`, `::1`, or a unix socket.
    public var isLoopback: Bool {
        switch self {
        case .ipv4(let host, _): return host.hasPrefix("127.")
        case .ipv6(let host, _): return host == "::1" || host == "0:0:0:0:0:0:0:1"
        case .unix: return true
        }
    }

    /// `127.0.0.1:8765`, `[::1]:8765`, `unix:/run/kioskd/api.sock`: the form `init(parsing:)` reads.
    public var description: String {
        switch self {
        case .ipv4(let host, let port): return "\(host):\(port)"
        case .ipv6(let host, let port): return "[\(host)]:\(port)"
        case .unix(let path): return "unix:\(path)"
        }
    }

    /// The `AF_*` family constant.
    var family: Int32 {
        switch self {
        case .ipv4: return AF_INET
        case .ipv6: return AF_INET6
        case .unix: return AF_UNIX
        }
    }

    /// Calls `body` with the C `sockaddr` for this address and its length.
    /// - Throws: `SocketAddressError` when the host is not numeric or a unix path is too long.
    func withSocketAddress<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws -> R) throws -> R {
        switch self {
        case .ipv4(let host, let port):
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
                throw SocketAddressError(text: description, reason: "'\(host)' is not a numeric IPv4 address")
            }
            return try withUnsafePointer(to: &address) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    try body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .ipv6(let host, let port):
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else {
                throw SocketAddressError(text: description, reason: "'\(host)' is not a numeric IPv6 address")
            }
            return try withUnsafePointer(to: &address) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    try body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        case .unix(let path):
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            let capacity = MemoryLayout.size(ofValue: address.sun_path)
            guard !bytes.isEmpty, bytes.count < capacity else {
                throw SocketAddressError(text: description, reason: "unix socket path must be 1 to \(capacity - 1) bytes")
            }
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: bytes)
                raw[bytes.count] = 0
            }
            return try withUnsafePointer(to: &address) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    try body($0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
        }
    }

    /// Reads a C `sockaddr_storage` back into a typed address; `nil` for an unknown family.
    init?(storage: sockaddr_storage, length: socklen_t) {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            let address = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in.self) }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            var raw = address.sin_addr
            inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
            self = .ipv4(host: cText(text), port: UInt16(bigEndian: address.sin_port))
        case AF_INET6:
            let address = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in6.self) }
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            var raw = address.sin6_addr
            inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
            self = .ipv6(host: cText(text), port: UInt16(bigEndian: address.sin6_port))
        case AF_UNIX:
            let pathOffset = MemoryLayout<sa_family_t>.size
            let pathLength = max(0, Int(length) - pathOffset)
            let path = withUnsafeBytes(of: &storage) { raw -> String in
                let bytes = raw[pathOffset..<(pathOffset + pathLength)].prefix { $0 != 0 }
                return String(decoding: bytes, as: UTF8.self)
            }
            self = .unix(path: path)
        default:
            return nil
        }
    }
}

/// The text of a NUL-terminated C buffer.
private func cText(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// A socket address that could not be parsed or encoded.
public struct SocketAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The address text as given.
    public let text: String
    /// What is wrong with it.
    public let reason: String

    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String { "invalid socket address '\(text)': \(reason)" }
}
