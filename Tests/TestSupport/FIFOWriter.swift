import Foundation
import Glibc
import LinuxIO

/// A named pipe a test writes device records into (a scanner's `input_event` stream), the
/// way a device would deliver them to the code under test reading the other end.
public enum FIFO {
    /// `mkfifo(path, 0600)`.
    /// - Throws: `SystemError` for `mkfifo`.
    public static func make(_ path: String) throws {
        try retryOnInterrupt("mkfifo('\(path)')") { mkfifo(path, 0o600) }
    }
}

/// The writing end of a FIFO, opened once a reader has the FIFO open.
public final class FIFOWriter: @unchecked Sendable {
    /// The open descriptor (blocking writes).
    public let descriptor: FileDescriptor

    /// Opens `path` for writing, waiting up to `timeoutSeconds` for a reader (retrying
    /// `O_NONBLOCK` opens, which fail with `ENXIO` while nobody reads), then makes writes blocking.
    /// - Throws: `SystemError` from `open` when no reader came in time.
    public init(path: String, timeoutSeconds: Double = 10) async throws {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while true {
            do {
                let fd = try FileDescriptor.open(path, [.writeOnly, .nonBlocking])
                try fd.setNonBlocking(false)
                descriptor = fd
                return
            } catch let error as SystemError where error.code == ENXIO && Date() < deadline {
                try await Task.sleep(nanoseconds: 5_000_000)
            }
        }
    }

    /// Writes all of `bytes`.
    public func write(_ bytes: [UInt8]) throws { try descriptor.writeAll(bytes) }

    /// Closes the writing end: the reader sees end of file once it has read everything.
    public func close() { descriptor.close() }
}
