import Glibc

/// A unix datagram socket used to send one-off messages (the systemd notify protocol).
///
/// Addresses starting with `@` are Linux abstract socket names (the `@` stands for the
/// leading NUL byte, as systemd writes them); anything else is a file system path.
public final class UnixDatagramSocket: Sendable {
    /// The socket's descriptor.
    public let descriptor: FileDescriptor

    /// `socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)`.
    /// - Throws: `SystemError` for `socket`.
    public init() throws {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError.current("socket(AF_UNIX, SOCK_DGRAM)") }
        descriptor = FileDescriptor(rawValue: fd, label: "unix datagram socket")
    }

    deinit { descriptor.close() }

    /// `bind(2)` to `address` (a path, or `@name` for an abstract name).
    /// - Throws: `SystemError` for `bind('<address>')`, `ENAMETOOLONG` for an address over 107 bytes.
    public func bind(to address: String) throws {
        _ = try Self.withAddress(address) { pointer, length in
            try retryOnInterrupt("bind('\(address)')") { Glibc.bind(descriptor.rawValue, pointer, length) }
        }
    }

    /// `sendto(2)` of one datagram to `address` (a path, or `@name` for an abstract name).
    /// - Throws: `SystemError` for `sendto('<address>')`.
    public func send(_ bytes: [UInt8], to address: String) throws {
        _ = try Self.withAddress(address) { pointer, length in
            try bytes.withUnsafeBytes { raw in
                try retryOnInterrupt("sendto('\(address)')") {
                    Glibc.sendto(descriptor.rawValue, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL), pointer, length)
                }
            }
        }
    }

    /// `recv(2)` of one datagram (up to `maxBytes`), blocking unless the socket is non-blocking.
    /// - Throws: `SystemError` for `recv` (`EAGAIN` when non-blocking and nothing is queued).
    public func receive(maxBytes: Int = 4096) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maxBytes)
        let n = try buffer.withUnsafeMutableBytes { raw in
            try retryOnInterrupt("recv('\(descriptor.label)')") { Glibc.recv(descriptor.rawValue, raw.baseAddress, raw.count, 0) }
        }
        return Array(buffer[..<n])
    }

    /// Calls `body` with a `sockaddr_un` for `address` and its length (abstract names are
    /// not NUL-terminated and their length counts only the name's bytes).
    static func withAddress<T>(
        _ address: String, _ body: (UnsafePointer<sockaddr>, socklen_t) throws -> T
    ) throws -> T {
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        var path = Array(address.utf8)
        let abstract = path.first == UInt8(ascii: "@")
        if abstract { path[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        guard !path.isEmpty, path.count < capacity else {
            throw SystemError(code: ENAMETOOLONG, call: "sockaddr_un('\(address)')")
        }
        withUnsafeMutableBytes(of: &storage.sun_path) { raw in
            for (i, byte) in path.enumerated() { raw[i] = byte }
        }
        let offset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!
        let length = socklen_t(offset + path.count + (abstract ? 0 : 1))
        return try withUnsafePointer(to: &storage) {
            try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, length) }
        }
    }
}
