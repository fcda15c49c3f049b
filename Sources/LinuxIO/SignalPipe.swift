import CLinux
import Glibc

/// Signals delivered through a pipe (the self-pipe trick, as pcscd does it).
///
/// The C handler installed with `sigaction(2)` only writes the signal number as one byte to
/// the pipe; a thread reading `descriptor` does the work. Installation is synchronous: a
/// signal arriving after `init` returns is never lost.
public final class SignalPipe: Sendable {
    /// The read end: one byte per delivered signal, the signal number.
    public let descriptor: FileDescriptor
    private let writeEnd: FileDescriptor

    /// Creates the pipe and routes each of `signals` to it.
    /// - Throws: `SystemError` for `pipe`, `fcntl` or `sigaction`.
    public init(signals: [Int32]) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SystemError.current("pipe") }
        descriptor = FileDescriptor(rawValue: fds[0], label: "signal pipe")
        writeEnd = FileDescriptor(rawValue: fds[1], label: "signal pipe")
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // The read end blocks; the write end is non-blocking so a full pipe never blocks a handler.
        try writeEnd.setNonBlocking(true)
        for signal in signals {
            guard clinux_install_pipe_signal_handler(signal, writeEnd.rawValue) == 0 else {
                throw SystemError.current("sigaction(\(signal))")
            }
        }
    }

    /// Blocks until a signal arrives; returns its number, or nil if the pipe fails.
    public func next() -> Int32? {
        guard let bytes = try? descriptor.read(upTo: 1), let byte = bytes.first else { return nil }
        return Int32(byte)
    }
}
