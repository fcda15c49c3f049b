import Glibc

/// Outgoing TCP connections with a connect timeout (network receipt printers on port 9100).
///
/// A separate small client so that the HTTP server's listening sockets (`Socket*.swift`) and
/// the printer's connections do not share code paths or options.
public enum TCPClient {
    /// Connects to `host:port` (a numeric IPv4/IPv6 address or a name resolved with
    /// `getaddrinfo(3)`), trying each address in turn until one answers within
    /// `timeoutMilliseconds`: `socket(SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK)`, `connect`,
    /// `poll(POLLOUT)`, `getsockopt(SO_ERROR)`, then `TCP_NODELAY` so that a 3-byte status
    /// request leaves at once.
    /// - Returns: the connected socket, non-blocking; the caller owns and closes it.
    /// - Throws: `SystemError` naming `connect('host:port')` (`ETIMEDOUT` on timeout,
    ///   `ECONNREFUSED`, `EHOSTUNREACH`…) or `getaddrinfo('host')` (`ENOENT`).
    public static func connect(host: String, port: UInt16, timeoutMilliseconds: Int32) throws -> FileDescriptor {
        let endpoint = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>? = nil
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw SystemError(code: ENOENT, call: "getaddrinfo('\(host)'): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = SystemError(code: EHOSTUNREACH, call: "connect('\(endpoint)')")
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            cursor = info.pointee.ai_next
            do {
                return try connect(info.pointee, endpoint: endpoint, timeoutMilliseconds: timeoutMilliseconds)
            } catch let error as SystemError {
                lastError = error
            }
        }
        throw lastError
    }

    private static func connect(_ info: addrinfo, endpoint: String, timeoutMilliseconds: Int32) throws -> FileDescriptor {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        let fd = socket(info.ai_family, type, 0)
        guard fd >= 0 else { throw SystemError.current("socket(\(endpoint))") }
        let descriptor = FileDescriptor(rawValue: fd, label: "tcp://\(endpoint)")
        do {
            if Glibc.connect(fd, info.ai_addr, info.ai_addrlen) != 0 {
                guard errno == EINPROGRESS || errno == EINTR else { throw SystemError.current("connect('\(endpoint)')") }
                let ready = try Poll.wait([(descriptor, .writable)], timeoutMilliseconds: timeoutMilliseconds)
                if ready.isEmpty { throw SystemError(code: ETIMEDOUT, call: "connect('\(endpoint)')") }
                var pending: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                try retryOnInterrupt("getsockopt('\(endpoint)', SO_ERROR)") { getsockopt(fd, SOL_SOCKET, SO_ERROR, &pending, &length) }
                if pending != 0 { throw SystemError(code: pending, call: "connect('\(endpoint)')") }
            }
            var one: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            return descriptor
        } catch {
            descriptor.close()
            throw error
        }
    }
}
