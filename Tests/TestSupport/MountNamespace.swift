import Foundation
import Glibc

/// Runs shell commands in a private mount namespace (`unshare -m`), so tests can mount a
/// tiny or read-only tmpfs without touching the machine's mounts.
public enum MountNamespace {
    /// Whether this machine lets us create a mount namespace and mount tmpfs in it.
    public static let available: Bool = {
        guard let result = try? ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/unshare"),
            ["-m", "sh", "-c", "d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs $d && umount $d && rmdir $d"])
        else { return false }
        return result.status == 0
    }()

    /// Runs `script` with `sh -c` inside `unshare -m`.
    public static func run(_ script: String) throws -> ProcessResult {
        try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/unshare"), ["-m", "sh", "-c", script])
    }
}

/// A listening unix stream socket, standing in for a daemon's socket (e.g. pcscd's).
public final class UnixListener: @unchecked Sendable {
    private let fd: Int32

    /// Binds and listens at `path`.
    /// - Throws: `POSIXError` when the socket cannot be bound.
    public init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes.prefix(raw.count - 1))
            raw[min(bytes.count, raw.count - 1)] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    public func close() { _ = Glibc.close(fd) }
}
