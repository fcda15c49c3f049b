import Glibc
import LinuxIO

/// The machine's own fsync latency, measured in the same run and directory as the sale
/// closes: a durable close costs at least one fsync of the WAL, so this is the floor under
/// the close figures (0.15 ms p50 on a quiet machine here, much more while others build).
enum FsyncProbe {
    /// Appends 4 KiB and fsyncs, `count` times, in a new file inside `directory`.
    /// - Throws: `BenchFailure` when the file cannot be written.
    static func run(directory: String, count: Int = 300) throws -> LatencySamples {
        let path = directory + "/fsync-probe"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BenchFailure("open('\(path)'): \(String(cString: strerror(errno)))") }
        defer { close(fd); unlink(path) }
        let block = [UInt8](repeating: 0x6B, count: 4096)
        var samples = LatencySamples(capacity: count)
        for _ in 0..<count {
            guard block.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == block.count else {
                throw BenchFailure("write('\(path)'): \(String(cString: strerror(errno)))")
            }
            let start = monotonicNanoseconds()
            guard fsync(fd) == 0 else { throw BenchFailure("fsync('\(path)'): \(String(cString: strerror(errno)))") }
            samples.append(monotonicNanoseconds() - start)
        }
        return samples
    }
}
