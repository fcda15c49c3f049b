import Glibc

/// Watches directories with inotify so a thread blocked in `poll(2)` wakes when an entry
/// is created, removed, renamed or finished writing (a device node or udev symlink
/// appearing, a replay file replaced) instead of polling on a timer.
///
/// Owned by one thread; not shareable. `close()` releases the inotify instance.
public struct DirectoryWatch {
    /// The inotify descriptor, to be included in a poll set (readable when something changed).
    public let descriptor: FileDescriptor
    private var watched: Set<String> = []

    /// `inotify_init1(IN_CLOEXEC | IN_NONBLOCK)`.
    /// - Throws: `SystemError` for `inotify_init1`.
    public init() throws {
        let fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { throw SystemError.current("inotify_init1") }
        descriptor = FileDescriptor(rawValue: fd, label: "inotify")
    }

    /// Whether `directory` is being watched.
    public func isWatching(_ directory: String) -> Bool { watched.contains(directory) }

    /// `inotify_add_watch(directory, IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_CLOSE_WRITE)`.
    /// Watching a directory twice is harmless.
    /// - Throws: `SystemError` for `inotify_add_watch('<directory>')` (`ENOENT` if it does not exist yet).
    public mutating func watch(_ directory: String) throws {
        if watched.contains(directory) { return }
        let mask = UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_CLOSE_WRITE)
        try retryOnInterrupt("inotify_add_watch('\(directory)')") { inotify_add_watch(descriptor.rawValue, directory, mask) }
        watched.insert(directory)
    }

    /// Reads and discards pending notifications; returns whether there were any.
    /// A removed directory (`IN_IGNORED`) is forgotten, so `watch` adds it again when it comes back.
    @discardableResult
    public mutating func drain() -> Bool {
        var any = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(descriptor.rawValue, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            any = true
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            while offset + header <= n {
                let (mask, length) = buffer.withUnsafeBytes { raw in
                    (raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                     raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                }
                if mask & UInt32(IN_IGNORED) != 0 { watched.removeAll() }
                offset += header + Int(length)
            }
        }
        return any
    }

    /// Closes the inotify descriptor.
    public func close() { descriptor.close() }
}
