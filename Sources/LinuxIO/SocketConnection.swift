import Glibc

/// A connected stream socket (TCP or unix-domain): accepted by a `SocketListener` or opened
/// with `connect(to:)`.
///
/// Sends use `MSG_NOSIGNAL`, so a peer that went away yields `EPIPE` as a thrown error instead
/// of killing the process with `SIGPIPE`. Exactly one owner calls `close()`.
public struct SocketConnection: Sendable, CustomStringConvertible {
    /// The connection's descriptor, to be included in a poll set.
    public let descriptor: FileDescriptor
    /// The remote address (`nil` when the kernel reported none, e.g. an unnamed unix client).
    public let peerAddress: SocketAddress?
    /// The local address the connection arrived on (the listener's address, or the local end of
    /// an outgoing connection).
    public let localAddress: SocketAddress

    public init(descriptor: FileDescriptor, peerAddress: SocketAddress?, localAddress: SocketAddress) {
        self.descriptor = descriptor
        self.peerAddress = peerAddress
        self.localAddress = localAddress
    }

    public var description: String { descriptor.label }

    /// `socket` + blocking `connect(2)` to `address` (numeric hosts only: never resolves names).
    /// - Parameter nonBlocking: set `O_NONBLOCK` once connected.
    /// - Throws: `SystemError` for `connect(<address>)` (e.g. `ECONNREFUSED`, `ENOENT`).
    public static func connect(to address: SocketAddress, nonBlocking: Bool = false) throws -> SocketConnection {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError.current("socket(\(address))") }
        let descriptor = FileDescriptor(rawValue: fd, label: "connection to \(address)")
        do {
            _ = try address.withSocketAddress { pointer, length in
                try retryOnInterrupt("connect(\(address))") { Glibc.connect(fd, pointer, length) }
            }
            if nonBlocking { try descriptor.setNonBlocking(true) }
            let local = (try? boundAddress(of: fd, fallback: address)) ?? address
            return SocketConnection(descriptor: descriptor, peerAddress: address, localAddress: local)
        } catch {
            descriptor.close()
            throw error
        }
    }

    /// `send(MSG_NOSIGNAL)` once.
    /// - Returns: bytes sent, or `nil` when a non-blocking socket's buffer is full (`EAGAIN`).
    /// - Throws: `SystemError` for `send` (`EPIPE`, `ECONNRESET` when the peer is gone).
    public func send(_ buffer: UnsafeRawBufferPointer) throws -> Int? {
        while true {
            let n = Glibc.send(descriptor.rawValue, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return n }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw SystemError.current("send(\(descriptor.label))")
            }
        }
    }

    /// Sends all of `bytes`, waiting with `poll` while a non-blocking socket's buffer is full.
    /// - Throws: `SystemError` for the first failed `send` or `poll`.
    public func sendAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = try bytes.withUnsafeBytes { try send(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            if let sent { offset += sent } else {
                _ = try Poll.wait([(descriptor, .writable)], timeoutMilliseconds: -1)
            }
        }
    }

    /// Sends the UTF-8 bytes of `text`; see `sendAll(_:)`.
    public func sendAll(_ text: String) throws { try sendAll(Array(text.utf8)) }

    /// `recv(2)` once into `buffer`.
    /// - Returns: bytes read (0 = the peer closed its side), or `nil` when a non-blocking socket
    ///   has nothing to read (`EAGAIN`).
    /// - Throws: `SystemError` for `recv` (e.g. `ECONNRESET`; `EAGAIN` after a receive timeout
    ///   is returned as `nil`).
    public func receive(into buffer: UnsafeMutableRawBufferPointer) throws -> Int? {
        while true {
            let n = recv(descriptor.rawValue, buffer.baseAddress, buffer.count, 0)
            if n >= 0 { return n }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw SystemError.current("recv(\(descriptor.label))")
            }
        }
    }

    /// Receives up to `count` bytes: an empty array when the peer closed, `nil` on `EAGAIN`.
    public func receive(upTo count: Int) throws -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        guard let n = try bytes.withUnsafeMutableBytes({ try receive(into: $0) }) else { return nil }
        bytes.removeSubrange(n...)
        return bytes
    }

    /// Which half of a connection `shutdown(_:)` closes.
    public enum Direction: Sendable {
        /// `SHUT_RD`
        case read
        /// `SHUT_WR`: the peer reads end of stream once queued bytes are delivered.
        case write
        /// `SHUT_RDWR`
        case both
    }

    /// `shutdown(2)`. Errors (e.g. `ENOTCONN` after the peer reset) are ignored.
    public func shutdown(_ direction: Direction) {
        let how: Int32
        switch direction {
        case .read: how = Int32(SHUT_RD)
        case .write: how = Int32(SHUT_WR)
        case .both: how = Int32(SHUT_RDWR)
        }
        _ = Glibc.shutdown(descriptor.rawValue, how)
    }

    /// `TCP_NODELAY`: send small writes at once (no Nagle delay). A no-op on unix sockets.
    /// - Throws: `SystemError` for `setsockopt`.
    public func setNoDelay(_ on: Bool) throws {
        guard case .unix = localAddress else {
            try setIntOption(descriptor.rawValue, Int32(IPPROTO_TCP), TCP_NODELAY, on ? 1 : 0,
                             call: "setsockopt(\(descriptor.label), TCP_NODELAY)")
            return
        }
    }

    /// `SO_RCVTIMEO`: a blocking `receive` gives up after `milliseconds` (returns `nil`).
    /// - Throws: `SystemError` for `setsockopt`.
    public func setReceiveTimeout(milliseconds: Int) throws {
        var value = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        try retryOnInterrupt("setsockopt(\(descriptor.label), SO_RCVTIMEO)") {
            setsockopt(descriptor.rawValue, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    /// `close(2)`.
    public func close() { descriptor.close() }
}
