import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A named pipe in the state directory through which another process (`kioskctl outbox
/// retry`) wakes the daemon's outbox drainer, without the daemon polling the database.
///
/// The daemon `listen`s: the FIFO `<stateDirectory>/outbox.doorbell` (mode 0660) is opened
/// `O_RDWR | O_NONBLOCK` — so it never reports end-of-file — and watched by a Dispatch read
/// source (epoll; no thread of ours, no timer). `ring` opens it `O_WRONLY | O_NONBLOCK` and
/// writes one byte; with no daemon listening the open fails with `ENXIO` and `ring` says so.
public final class OutboxDoorbell: @unchecked Sendable {  // DispatchSource is thread-safe; `path` is immutable
    /// The FIFO's name inside the state directory.
    public static let fileName = "outbox.doorbell"

    /// The FIFO's path.
    public let path: String
    private let source: any DispatchSourceRead

    /// Listens on `<stateDirectory>/outbox.doorbell`, creating the FIFO if needed, and calls
    /// `onRing` (on a Dispatch queue) after each ring; rings arriving together call it once.
    /// - Throws: `StorageError` naming `mkfifo` or `open` with the errno text.
    public init(stateDirectory: String, onRing: @escaping @Sendable () -> Void) throws {
        path = (stateDirectory as NSString).appendingPathComponent(Self.fileName)
        if mkfifo(path, 0o660) != 0 && errno != EEXIST {
            throw Self.failure("mkfifo", path)
        }
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFIFO else {
            throw StorageError(.system(errno: EEXIST), call: "mkfifo", message: "exists and is not a FIFO", path: path)
        }
        let fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure("open", path) }
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: DispatchQueue(label: "kioskd.outbox-doorbell"))
        source.setEventHandler {
            var buffer = [UInt8](repeating: 0, count: 256)
            while read(fd, &buffer, buffer.count) > 0 {}  // drain every pending ring
            onRing()
        }
        source.setCancelHandler { close(fd) }
        source.resume()
        self.source = source
    }

    deinit { source.cancel() }

    /// Stops listening and closes the FIFO (it stays on disk for the next start).
    public func stop() { source.cancel() }

    /// Rings the doorbell of the daemon using `stateDirectory`.
    /// - Returns: true when a daemon is listening (the byte was written or a ring is already
    ///   pending), false when none is (`ENXIO`) or there is no doorbell yet (`ENOENT`).
    @discardableResult
    public static func ring(stateDirectory: String) -> Bool {
        let path = (stateDirectory as NSString).appendingPathComponent(fileName)
        let fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var byte: UInt8 = 1
        return write(fd, &byte, 1) == 1 || errno == EAGAIN
    }

    static func failure(_ call: String, _ path: String) -> StorageError {
        let code = errno
        return StorageError(.system(errno: code), call: call, message: String(cString: strerror(code)), path: path)
    }
}
