import CLinux
import Glibc

/// A Linux eventfd used to wake a thread blocked in `poll(2)`.
///
/// Closing a descriptor from another thread does not wake a thread blocked on it; signalling
/// this eventfd does. `signal()` is async-signal-safe (one `write`).
public final class EventFD: Sendable {
    /// The eventfd's descriptor, to be included in a poll set.
    public let descriptor: FileDescriptor

    /// `eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)`.
    /// - Throws: `SystemError` for `eventfd`.
    public init() throws {
        let fd = clinux_eventfd(0, Int32(clinux_efd_cloexec() | clinux_efd_nonblock()))
        guard fd >= 0 else { throw SystemError.current("eventfd") }
        descriptor = FileDescriptor(rawValue: fd, label: "eventfd")
    }

    deinit { descriptor.close() }

    /// Adds one to the counter, making the descriptor readable.
    public func signal() {
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { Glibc.write(descriptor.rawValue, $0.baseAddress, 8) }
    }

    /// Resets the counter to zero; returns whether it had been signalled.
    @discardableResult
    public func drain() -> Bool {
        var value: UInt64 = 0
        let n = withUnsafeMutableBytes(of: &value) { Glibc.read(descriptor.rawValue, $0.baseAddress, 8) }
        return n == 8 && value > 0
    }
}
