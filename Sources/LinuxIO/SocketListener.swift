import Glibc

/// A listening stream socket (TCP over IPv4/IPv6, or a unix-domain socket) that hands out
/// accepted connections.
///
/// Opened with `SOCK_CLOEXEC`, non-blocking by default so that a poll loop can drain `accept`
/// until `EAGAIN`. For TCP, `address` holds the port the kernel actually bound (useful with
/// port 0). For a unix socket, binding first removes a *stale* socket file (one nobody listens
/// on any more), never a live one nor a file that is not a socket, and sets the requested
/// mode before `listen`, so no client can connect while the permissions are still wrong.
public struct SocketListener: Sendable {
    /// Settings for `listen(on:options:)`.
    public struct Options: Sendable {
        /// `listen(2)` backlog.
        public var backlog: Int32
        /// `SO_REUSEADDR` on TCP sockets (restart without waiting for `TIME_WAIT`).
        public var reuseAddress: Bool
        /// `O_NONBLOCK` on the listening socket.
        public var nonBlocking: Bool
        /// `IPV6_V6ONLY` on IPv6 sockets.
        public var ipv6Only: Bool
        /// Permission bits of a unix socket file (`chmod` before `listen`), e.g. `0o660`.
        public var unixSocketMode: mode_t
        /// Remove a unix socket file nobody listens on before binding.
        public var removeStaleUnixSocket: Bool

        public init(
            backlog: Int32 = 128, reuseAddress: Bool = true, nonBlocking: Bool = true,
            ipv6Only: Bool = true, unixSocketMode: mode_t = 0o660, removeStaleUnixSocket: Bool = true
        ) {
            self.backlog = backlog
            self.reuseAddress = reuseAddress
            self.nonBlocking = nonBlocking
            self.ipv6Only = ipv6Only
            self.unixSocketMode = unixSocketMode
            self.removeStaleUnixSocket = removeStaleUnixSocket
        }
    }

    /// The listening descriptor, to be included in a poll set.
    public let descriptor: FileDescriptor
    /// The bound address: for TCP, with the port the kernel chose when 0 was requested.
    public let address: SocketAddress
    /// Device and inode of the unix socket file this listener created, so `close()` removes
    /// only its own file and never one a newer server put in its place.
    private let unixSocketIdentity: (device: UInt, inode: UInt)?

    /// `socket` + options + `bind` + (`chmod`) + `listen`.
    /// - Throws: `SystemError` naming the failing call and address (`EADDRINUSE` when another
    ///   server listens on a unix path, `EEXIST` when the path is not a socket);
    ///   `SocketAddressError` for an address that cannot be encoded.
    public static func listen(on address: SocketAddress, options: Options = Options()) throws -> SocketListener {
        var type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        if options.nonBlocking { type |= Int32(SOCK_NONBLOCK.rawValue) }
        let fd = socket(address.family, type, 0)
        guard fd >= 0 else { throw SystemError.current("socket(\(address))") }
        let descriptor = FileDescriptor(rawValue: fd, label: "listener \(address)")
        do {
            switch address {
            case .ipv4, .ipv6:
                if options.reuseAddress {
                    try setIntOption(fd, SOL_SOCKET, SO_REUSEADDR, 1, call: "setsockopt(\(address), SO_REUSEADDR)")
                }
                if case .ipv6 = address {
                    try setIntOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, options.ipv6Only ? 1 : 0,
                                     call: "setsockopt(\(address), IPV6_V6ONLY)")
                }
            case .unix(let path):
                if options.removeStaleUnixSocket { try removeStaleSocket(at: path) }
            }
            _ = try address.withSocketAddress { pointer, length in
                try retryOnInterrupt("bind(\(address))") { bind(fd, pointer, length) }
            }
            var identity: (device: UInt, inode: UInt)?
            if case .unix(let path) = address {
                try retryOnInterrupt("chmod('\(path)', \(String(options.unixSocketMode, radix: 8)))") {
                    chmod(path, options.unixSocketMode)
                }
                var status = stat()
                if lstat(path, &status) == 0 { identity = (UInt(status.st_dev), UInt(status.st_ino)) }
            }
            try retryOnInterrupt("listen(\(address))") { Glibc.listen(fd, options.backlog) }
            let bound = try boundAddress(of: fd, fallback: address)
            return SocketListener(descriptor: descriptor, address: bound, unixSocketIdentity: identity)
        } catch {
            descriptor.close()
            throw error
        }
    }

    /// `accept(2)`, then `FD_CLOEXEC` and `O_NONBLOCK` on the new descriptor: the next pending
    /// connection. (Glibc's Swift module does not export `accept4`.)
    /// - Returns: `nil` when no connection is pending (`EAGAIN`) or the client gave up before
    ///   it was accepted (`ECONNABORTED`).
    /// - Throws: `SystemError` for `accept` (e.g. `EMFILE` when out of descriptors).
    public func accept() throws -> SocketConnection? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        while true {
            let fd = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.accept(descriptor.rawValue, $0, &length)
                }
            }
            if fd >= 0 {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                let peer = SocketAddress(storage: storage, length: length)
                let label = "connection from \(peer.map { "\($0)" } ?? "?") on \(address)"
                return SocketConnection(descriptor: FileDescriptor(rawValue: fd, label: label), peerAddress: peer, localAddress: address)
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK, ECONNABORTED: return nil
            default: throw SystemError.current("accept(\(address))")
            }
        }
    }

    /// Closes the socket; for a unix socket, also removes the socket file if it is still the
    /// one this listener created.
    public func close() {
        descriptor.close()
        if case .unix(let path) = address, let identity = unixSocketIdentity {
            var status = stat()
            if lstat(path, &status) == 0, UInt(status.st_dev) == identity.device, UInt(status.st_ino) == identity.inode {
                unlink(path)
            }
        }
    }

    /// Removes `path` if it is a unix socket nobody accepts connections on.
    /// - Throws: `SystemError(EADDRINUSE)` when a server still listens there,
    ///   `SystemError(EEXIST)` when the path exists but is not a socket.
    private static func removeStaleSocket(at path: String) throws {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard (status.st_mode & S_IFMT) == S_IFSOCK else {
            throw SystemError(code: EEXIST, call: "bind(unix:\(path)): exists and is not a socket; not removing it")
        }
        do {
            let probe = try SocketConnection.connect(to: .unix(path: path))
            probe.close()
            throw SystemError(code: EADDRINUSE, call: "bind(unix:\(path)): another server is listening")
        } catch let error as SystemError where error.code == ECONNREFUSED || error.code == ENOENT {
            if unlink(path) != 0 && errno != ENOENT { throw SystemError.current("unlink('\(path)')") }
        }
    }
}

/// `setsockopt(fd, level, name, &value, sizeof(int))`.
func setIntOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32, call: @autoclosure () -> String) throws {
    var value = value
    try retryOnInterrupt(call()) { setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) }
}

/// `getsockname(fd)` as a typed address; `fallback` when the family is unknown.
func boundAddress(of fd: Int32, fallback: SocketAddress) throws -> SocketAddress {
    var storage = sockaddr_storage()
    var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
    _ = try withUnsafeMutablePointer(to: &storage) {
        try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            try retryOnInterrupt("getsockname(\(fallback))") { getsockname(fd, pointer, &length) }
        }
    }
    if case .unix = fallback { return fallback }
    return SocketAddress(storage: storage, length: length) ?? fallback
}
