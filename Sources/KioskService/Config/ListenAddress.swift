import Glibc
import StrictJSON

/// A TCP address the API listens on: a numeric IPv4 or IPv6 host and a port (0 = any free port).
///
/// Written `127.0.0.1:8765` or `[::1]:8765` in the config. Host names are refused: the
/// daemon must know, without a resolver, whether it listens on loopback only.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The numeric host, without brackets (`127.0.0.1`, `::1`).
    public let host: String
    /// The TCP port; 0 lets the kernel choose (tests read the chosen port back).
    public let port: UInt16

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` or `[v6host]:port`; nil when malformed or the host is not numeric.
    public init?(_ text: String) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
            guard Self.isIPv6(String(host)) else { return nil }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard Self.isIPv4(String(host)) else { return nil }
        }
        guard !portText.isEmpty, portText.allSatisfy(\.isASCII), portText.allSatisfy(\.isNumber),
              let port = UInt16(portText) else { return nil }
        self.host = String(host)
        self.port = port
    }

    /// Whether the host is a loopback address (`127.0.0.0/8` or `::1`).
    public var isLoopback: Bool { host == "::1" || host.hasPrefix("127.") }

    /// Whether the host is an IPv6 literal.
    public var isIPv6: Bool { host.contains(":") }

    /// `127.0.0.1:8765` or `[::1]:8765`.
    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The same host with another port (the one the kernel chose for port 0).
    public func with(port: UInt16) -> ListenAddress { ListenAddress(host: host, port: port) }

    static func isIPv4(_ text: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, text, &address) == 1
    }

    static func isIPv6(_ text: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }
}

extension JSONCursor {
    /// The value as a `ListenAddress`.
    /// - Throws: `JSONDecodeError` saying what an address looks like.
    func listenAddress() throws -> ListenAddress {
        guard case .string(let text) = value, let address = ListenAddress(text) else {
            throw mismatch("a numeric address and port such as \"127.0.0.1:8765\" or \"[::1]:8765\"")
        }
        return address
    }
}
