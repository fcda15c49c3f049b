import Glibc

/// What a path or an open descriptor refers to, from `stat(2)`/`fstat(2)`.
///
/// `identity` (device, inode, size, modification time) tells a file that was replaced or
/// rewritten from the one seen before.
public struct FileNode: Sendable, Hashable {
    /// The kind of file (`S_IFMT` bits).
    public enum Kind: String, Sendable, Hashable {
        /// `S_IFCHR`, e.g. `/dev/input/event3`.
        case characterDevice
        /// `S_IFIFO`, a named pipe.
        case fifo
        /// `S_IFREG`
        case regularFile
        /// `S_IFDIR`
        case directory
        /// Sockets, block devices, symbolic links seen by `lstat`.
        case other
    }

    /// The kind of file.
    public let kind: Kind
    /// `st_dev`, `st_ino`, `st_size` and `st_mtim` in nanoseconds.
    public let identity: [Int64]
    /// `st_rdev` for a device node (major/minor), else 0.
    public let deviceNumber: UInt64

    init(_ st: stat) {
        switch st.st_mode & S_IFMT {
        case S_IFCHR: kind = .characterDevice
        case S_IFIFO: kind = .fifo
        case S_IFREG: kind = .regularFile
        case S_IFDIR: kind = .directory
        default: kind = .other
        }
        identity = [Int64(bitPattern: UInt64(st.st_dev)), Int64(bitPattern: UInt64(st.st_ino)), Int64(st.st_size),
                    Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)]
        deviceNumber = UInt64(st.st_rdev)
    }

    /// Whether both describe the same file (same `st_dev` and `st_ino`), whatever its contents.
    public func isSameFile(as other: FileNode) -> Bool { identity.prefix(2) == other.identity.prefix(2) }

    /// `stat(path)`, following symbolic links.
    /// - Throws: `SystemError` for `stat('<path>')` (`ENOENT` when nothing is there).
    public static func at(_ path: String) throws -> FileNode {
        var st = stat()
        try retryOnInterrupt("stat('\(path)')") { stat(path, &st) }
        return FileNode(st)
    }
}

extension FileDescriptor {
    /// `fstat(2)` on this descriptor.
    /// - Throws: `SystemError` for `fstat('<label>')`.
    public func node() throws -> FileNode {
        var st = stat()
        try retryOnInterrupt("fstat('\(label)')") { fstat(rawValue, &st) }
        return FileNode(st)
    }
}

/// The names in a directory (without `.` and `..`), sorted; empty when it cannot be read.
public func directoryEntries(_ path: String) -> [String] {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafePointer(to: entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}
