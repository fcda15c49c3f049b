import Glibc
import LinuxIO

/// The blocking-with-timeout I/O every descriptor-based printer transport shares. The
/// descriptor is non-blocking; waits are `poll(2)` with a deadline, never sleeps.
struct PrinterDescriptorIO {
    let descriptor: FileDescriptor
    let endpoint: String
    /// Sockets write with `send(MSG_NOSIGNAL)` so a closed connection is `EPIPE`, not `SIGPIPE`.
    let isSocket: Bool

    /// Writes all bytes before the deadline.
    func send(_ bytes: [UInt8], timeoutMilliseconds: Int32) throws {
        let deadline = monotonicNanoseconds() + UInt64(max(0, timeoutMilliseconds)) * 1_000_000
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw -> Int in
                let base = raw.baseAddress! + offset
                let count = raw.count - offset
                return isSocket ? Glibc.send(descriptor.rawValue, base, count, Int32(MSG_NOSIGNAL)) : Glibc.write(descriptor.rawValue, base, count)
            }
            if written > 0 {
                offset += written
                continue
            }
            let code = written < 0 ? errno : EIO
            if code == EINTR { continue }
            guard code == EAGAIN || code == EWOULDBLOCK else {
                throw PrinterError(.writeFailed, device: endpoint, errno: code, detail: "write: \(String(cString: strerror(code))), \(offset) of \(bytes.count) bytes sent")
            }
            let remaining = Self.remainingMilliseconds(until: deadline)
            let events = remaining == 0 ? [] : try wait(.writable, milliseconds: remaining)
            if events.isEmpty {
                throw PrinterError(.timeout, device: endpoint, detail: "printer took \(offset) of \(bytes.count) bytes in \(timeoutMilliseconds) ms")
            }
        }
    }

    /// Sends a request and reads until an accepted byte arrives or the deadline passes.
    func request(_ bytes: [UInt8], timeoutMilliseconds: Int32, accept: (UInt8) -> Bool) throws -> UInt8? {
        try send(bytes, timeoutMilliseconds: timeoutMilliseconds)
        let deadline = monotonicNanoseconds() + UInt64(max(0, timeoutMilliseconds)) * 1_000_000
        var buffer = [UInt8](repeating: 0, count: 64)
        var hungUp = false
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(descriptor.rawValue, $0.baseAddress, $0.count) }
            if n > 0 {
                if let byte = buffer[..<n].first(where: accept) { return byte }
                continue
            }
            if n == 0 {
                // A socket at end of stream, or a tty that hung up: the printer went away.
                // (A raw tty with VMIN = VTIME = 0 also reads 0 when nothing is there yet.)
                if isSocket || hungUp { throw PrinterError(.offline, device: endpoint, detail: "connection closed by the printer") }
            } else {
                let code = errno
                if code == EINTR { continue }
                if code != EAGAIN && code != EWOULDBLOCK {
                    if code == EINVAL || code == EOPNOTSUPP { return nil }  // a one-way device cannot answer
                    throw PrinterError(.offline, device: endpoint, errno: code, detail: "read: \(String(cString: strerror(code)))")
                }
            }
            let remaining = Self.remainingMilliseconds(until: deadline)
            if remaining == 0 { return nil }
            let events = try wait(.readable, milliseconds: remaining)
            if events.isEmpty { return nil }
            hungUp = events.contains(.hangUp) && !events.contains(.readable)
        }
    }

    /// Reads and drops whatever the printer sent before (stale answers, automatic status).
    func discardInput() {
        var buffer = [UInt8](repeating: 0, count: 256)
        for _ in 0..<64 {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(descriptor.rawValue, $0.baseAddress, $0.count) }
            if n <= 0 { return }
        }
    }

    private func wait(_ events: PollEvents, milliseconds: Int32) throws -> PollEvents {
        do {
            let ready = try Poll.wait([(descriptor, events)], timeoutMilliseconds: milliseconds)
            guard let first = ready.first else { return [] }
            if first.contains(.invalid) { throw PrinterError(.offline, device: endpoint, errno: EBADF, detail: "poll: descriptor closed") }
            return first
        } catch let error as SystemError {
            throw PrinterError(.offline, device: endpoint, errno: error.code, detail: "poll: \(error.reason)")
        }
    }

    static func remainingMilliseconds(until deadline: UInt64) -> Int32 {
        let now = monotonicNanoseconds()
        guard deadline > now else { return 0 }
        return Int32(clamping: (deadline - now + 999_999) / 1_000_000)
    }
}
