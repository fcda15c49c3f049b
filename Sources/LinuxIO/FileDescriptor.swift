import Glibc

/// An owned file descriptor. Not copyable in spirit: exactly one owner calls `close()`.
///
/// A thin typed handle over `CInt` in the manner of swift-system: every call retries on
/// `EINTR` and throws `SystemError` naming the C call and the path it was opened with.
public struct FileDescriptor: Sendable, Hashable, CustomStringConvertible {
    /// The raw descriptor number.
    public let rawValue: Int32
    /// What the descriptor refers to, for error messages (a path, `socket`, `eventfd`).
    public let label: String

    public init(rawValue: Int32, label: String) {
        self.rawValue = rawValue
        self.label = label
    }

    public var description: String { "fd \(rawValue) (\(label))" }

    /// Flags for `open(2)`.
    public struct OpenOptions: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// `O_RDONLY`
        public static let readOnly = OpenOptions([])
        /// `O_WRONLY`
        public static let writeOnly = OpenOptions(rawValue: O_WRONLY)
        /// `O_RDWR`
        public static let readWrite = OpenOptions(rawValue: O_RDWR)
        /// `O_NONBLOCK`
        public static let nonBlocking = OpenOptions(rawValue: O_NONBLOCK)
        /// `O_NOCTTY`: a tty opened here never becomes the controlling terminal.
        public static let noControllingTerminal = OpenOptions(rawValue: O_NOCTTY)
        /// `O_CREAT`
        public static let create = OpenOptions(rawValue: O_CREAT)
        /// `O_APPEND`
        public static let append = OpenOptions(rawValue: O_APPEND)
        /// `O_TRUNC`
        public static let truncate = OpenOptions(rawValue: O_TRUNC)
        /// `O_EXCL`: with `.create`, fail with `EEXIST` when the file exists.
        public static let exclusive = OpenOptions(rawValue: O_EXCL)
    }

    /// `open(path, options | O_CLOEXEC, mode)`.
    /// - Throws: `SystemError` for `open('<path>')`.
    public static func open(_ path: String, _ options: OpenOptions, mode: mode_t = 0o640) throws -> FileDescriptor {
        let fd = try retryOnInterrupt("open('\(path)')") { Glibc.open(path, options.rawValue | O_CLOEXEC, mode) }
        return FileDescriptor(rawValue: fd, label: path)
    }

    /// `read(2)` into `buffer`; returns the byte count (0 at end of file).
    /// - Throws: `SystemError` (`EAGAIN` on a non-blocking descriptor with nothing to read).
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try retryOnInterrupt("read('\(label)')") { Glibc.read(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Reads up to `count` bytes; an empty array means end of file.
    public func read(upTo count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let n = try bytes.withUnsafeMutableBytes { try read(into: $0) }
        bytes.removeSubrange(n...)
        return bytes
    }

    /// `write(2)` once; returns how many bytes were written.
    public func write(_ buffer: UnsafeRawBufferPointer) throws -> Int {
        try retryOnInterrupt("write('\(label)')") { Glibc.write(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Writes all of `bytes`, looping over short writes.
    /// - Throws: `SystemError` for the first failed `write`.
    public func writeAll<C: Collection>(_ bytes: C) throws where C.Element == UInt8 {
        let array = Array(bytes)
        var offset = 0
        while offset < array.count {
            offset += try array.withUnsafeBytes { raw in
                try write(UnsafeRawBufferPointer(rebasing: raw[offset...]))
            }
        }
    }

    /// `close(2)`. Errors are ignored: after `close` the descriptor is gone whatever it returns.
    public func close() { _ = Glibc.close(rawValue) }

    /// `fsync(2)`.
    public func sync() throws { try retryOnInterrupt("fsync('\(label)')") { Glibc.fsync(rawValue) } }

    /// Sets or clears `O_NONBLOCK` with `fcntl(2)`.
    public func setNonBlocking(_ on: Bool) throws {
        let flags = try retryOnInterrupt("fcntl('\(label)', F_GETFL)") { fcntl(rawValue, F_GETFL) }
        let updated = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK
        try retryOnInterrupt("fcntl('\(label)', F_SETFL)") { fcntl(rawValue, F_SETFL, updated) }
    }
}
