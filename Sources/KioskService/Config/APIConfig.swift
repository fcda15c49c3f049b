import StrictJSON

/// The `api` section: where the local API listens and the limits it applies to clients.
public struct APIConfig: Sendable, Equatable {
    /// The TCP address (default `127.0.0.1:8765`). Anything but loopback is logged as a warning.
    public var listen: ListenAddress
    /// The unix socket path; nil means `$RUNTIME_DIRECTORY/api.sock`, else `<stateDirectory>/api.sock`.
    public var unixSocket: String?
    /// Origins allowed on state-changing requests and the event stream (`http://host:port`).
    /// Nil means the API's own origins (`http://127.0.0.1:P`, `http://localhost:P`), which the
    /// reference kiosk screen uses.
    public var allowedOrigins: [String]?
    /// The bearer token's file; nil means `<stateDirectory>/api-token`. Created 0640 at first start.
    public var tokenFile: String?
    /// The largest request body accepted (413 above).
    public var maxBodyBytes: Int
    /// The largest request head (request line + headers) accepted (431 above).
    public var maxHeaderBytes: Int
    /// The most header fields accepted in one request (431 above).
    public var maxHeaderCount: Int

    public static let defaultListen = ListenAddress(host: "127.0.0.1", port: 8765)
    public static let defaultMaxBodyBytes = 64 * 1024
    public static let defaultMaxHeaderBytes = 16 * 1024
    public static let defaultMaxHeaderCount = 64
    /// The longest path a `sockaddr_un` holds (108 bytes with the terminating NUL).
    public static let maxUnixSocketPathBytes = 107

    /// The defaults used when the section or a key is absent.
    public static let defaults = APIConfig(
        listen: defaultListen, unixSocket: nil, allowedOrigins: nil, tokenFile: nil,
        maxBodyBytes: defaultMaxBodyBytes, maxHeaderBytes: defaultMaxHeaderBytes,
        maxHeaderCount: defaultMaxHeaderCount
    )

    static let keys = [
        "listen", "unixSocket", "allowedOrigins", "tokenFile", "maxBodyBytes", "maxHeaderBytes", "maxHeaderCount",
    ]

    /// Decodes the `api` section strictly.
    /// - Throws: `JSONDecodeError` at the offending key.
    public static func decode(_ cursor: JSONCursor) throws -> APIConfig {
        let object = try cursor.object(keys: keys)
        var config = APIConfig.defaults
        if let listen = object.optional("listen") { config.listen = try listen.listenAddress() }
        if let socket = object.optional("unixSocket") {
            config.unixSocket = try socket.absoluteOrRelativePath()
            if config.unixSocket!.utf8.count > maxUnixSocketPathBytes {
                throw socket.failure("expected a path of at most \(maxUnixSocketPathBytes) bytes (sockaddr_un), got \(config.unixSocket!.utf8.count)")
            }
        }
        if let origins = object.optional("allowedOrigins") {
            config.allowedOrigins = try origins.array(maxCount: 32).map { try $0.origin() }
        }
        if let token = object.optional("tokenFile") { config.tokenFile = try token.absoluteOrRelativePath() }
        if let body = object.optional("maxBodyBytes") { config.maxBodyBytes = try body.int(min: 1024, max: 16 << 20) }
        if let head = object.optional("maxHeaderBytes") { config.maxHeaderBytes = try head.int(min: 1024, max: 1 << 20) }
        if let count = object.optional("maxHeaderCount") { config.maxHeaderCount = try count.int(min: 8, max: 1000) }
        return config
    }
}

extension JSONCursor {
    /// The value as a file system path: a non-empty string without NUL bytes.
    func absoluteOrRelativePath() throws -> String {
        guard case .string(let text) = value, !text.isEmpty, !text.contains("\0") else {
            throw mismatch("a file path")
        }
        return text
    }

    /// The value as a web origin, `http(s)://host[:port]` with nothing after it. `null` is refused.
    func origin() throws -> String {
        let expected = "an origin such as \"http://localhost:8080\" (scheme, host, optional port, no path)"
        guard case .string(let text) = value else { throw mismatch(expected) }
        let rest: Substring
        if text.hasPrefix("http://") { rest = text.dropFirst(7) } else if text.hasPrefix("https://") { rest = text.dropFirst(8) } else { throw mismatch(expected) }
        let allowed = rest.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-.:[]".contains($0)) }
        guard !rest.isEmpty, allowed, !rest.hasPrefix(":") else { throw mismatch(expected) }
        return text
    }
}
