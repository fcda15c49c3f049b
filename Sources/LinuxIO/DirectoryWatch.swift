import Glibc

/// Watches directories with inotify so a thread blocked in `poll(2)` wakes when an entry
/// is created, removed, renamed or changes attributes (a device node or udev symlink
/// appearing, a replay file replaced) instead of polling on a timer. Writes are not watched:
/// in a directory such as `/dev`, other processes close `/dev/null` after writing all the time.
///
/// Owned by one thread; not shareable. `close()` releases the inotify instance.
public struct DirectoryWatch {
    /// The inotify descriptor, to be included in a poll set (readable when something changed).
    public let descriptor: FileDescriptor
    private var watched: [Int32: String] = [:]

    /// What changed since the last `drain()`.
    public struct Changes: Sendable, Equatable {
        /// Full paths (`directory/name`) of the entries created, removed, renamed or whose
        /// attributes changed.
        public var paths: Set<String> = []
        /// The kernel's queue overflowed (`IN_Q_OVERFLOW`): anything may have changed.
        public var overflowed = false

        public init(paths: Set<String> = [], overflowed: Bool = false) {
            self.paths = paths
            self.overflowed = overflowed
        }
    }

    /// `inotify_init1(IN_CLOEXEC | IN_NONBLOCK)`.
    /// - Throws: `SystemError` for `inotify_init1`.
    public init() throws {
        let fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { throw SystemError.current("inotify_init1") }
        descriptor = FileDescriptor(rawValue: fd, label: "inotify")
    }

    /// Whether `directory` is being watched.
    public func isWatching(_ directory: String) -> Bool { watched.values.contains(directory) }

    /// `inotify_add_watch(directory, IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB)`,
    /// plus `IN_CLOSE_WRITE` with `closedWrites` (a file written in place, e.g. a token file
    /// filled after it was created; not for busy folders such as `/dev`).
    /// Watching a directory twice is harmless.
    /// - Throws: `SystemError` for `inotify_add_watch('<directory>')` (`ENOENT` if it does not exist yet).
    public mutating func watch(_ directory: String, closedWrites: Bool = false) throws {
        if isWatching(directory) { return }
        let mask = UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | (closedWrites ? IN_CLOSE_WRITE : 0))
        let wd = try retryOnInterrupt("inotify_add_watch('\(directory)')") { inotify_add_watch(descriptor.rawValue, directory, mask) }
        watched[wd] = directory
    }

    /// Reads the pending notifications and says which entries changed.
    /// A removed directory (`IN_IGNORED`) is forgotten, so `watch` adds it again when it comes back.
    public mutating func drain() -> Changes {
        var changes = Changes()
        var buffer = [UInt8](repeating: 0, count: 4096)
        let header = MemoryLayout<inotify_event>.size
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(descriptor.rawValue, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            var offset = 0
            while offset + header <= n {
                let (wd, mask, length) = buffer.withUnsafeBytes { raw in
                    (raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                     raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                     Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let nameBytes = buffer[(offset + header)..<min(offset + header + length, n)].prefix { $0 != 0 }
                if mask & UInt32(IN_Q_OVERFLOW) != 0 { changes.overflowed = true }
                if mask & UInt32(IN_IGNORED) != 0 {
                    if let directory = watched.removeValue(forKey: wd) { changes.paths.insert(directory) }
                } else if let directory = watched[wd], !nameBytes.isEmpty {
                    changes.paths.insert(directory + "/" + String(decoding: nameBytes, as: UTF8.self))
                }
                offset += header + length
            }
        }
        return changes
    }

    /// Closes the inotify descriptor.
    public func close() { descriptor.close() }
}
