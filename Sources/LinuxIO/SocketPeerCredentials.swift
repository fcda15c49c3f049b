import Glibc

/// The process on the other end of a unix-domain socket, as the kernel saw it at `connect`
/// time (`SO_PEERCRED`, `struct ucred`). Cannot be forged by the peer.
public struct SocketPeerCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The peer's process id.
    public let processID: Int32
    /// The peer's effective user id.
    public let userID: UInt32
    /// The peer's effective group id.
    public let groupID: UInt32

    public init(processID: Int32, userID: UInt32, groupID: UInt32) {
        self.processID = processID
        self.userID = userID
        self.groupID = groupID
    }

    public var description: String { "pid \(processID) uid \(userID) gid \(groupID)" }
}

extension SocketConnection {
    /// `getsockopt(SO_PEERCRED)`: who connected to this unix socket.
    /// - Returns: `nil` for a TCP connection.
    /// - Throws: `SystemError` for `getsockopt`.
    public func peerCredentials() throws -> SocketPeerCredentials? {
        guard case .unix = localAddress else { return nil }
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }: three 32-bit fields on Linux.
        var fields: (Int32, UInt32, UInt32) = (0, 0, 0)
        var length = socklen_t(MemoryLayout<(Int32, UInt32, UInt32)>.size)
        try retryOnInterrupt("getsockopt(\(descriptor.label), SO_PEERCRED)") {
            getsockopt(descriptor.rawValue, SOL_SOCKET, SO_PEERCRED, &fields, &length)
        }
        return SocketPeerCredentials(processID: fields.0, userID: fields.1, groupID: fields.2)
    }
}
