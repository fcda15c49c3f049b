import Foundation
import Glibc
import TestSupport

/// A benchmark step that could not run; the message says why.
struct BenchFailure: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// The peer programs `scripts/bench` prepared, found through the environment.
///
/// `KIOSKD_BENCH_PYTHON`: a Python with python-escpos installed (the venv `scripts/bench`
/// creates under `.build-bench/venv`). `KIOSKD_BENCH_PEERS`: the folder of the peer scripts
/// (`scripts/bench-peers`). `pcsc_scan` is looked up on `PATH` (Debian package `pcsc-tools`).
struct PeerTools {
    let python: String?
    let peersDirectory: String
    let pcscScan: String?

    var escposScript: String { peersDirectory + "/escpos_footer.py" }
    var pythonMissingReason: String { "no python-escpos venv (KIOSKD_BENCH_PYTHON unset; run through scripts/bench)" }

    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> PeerTools {
        let python = environment["KIOSKD_BENCH_PYTHON"].flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }
        let pcscScan = ["/usr/bin/pcsc_scan", "/usr/local/bin/pcsc_scan"].first { FileManager.default.isExecutableFile(atPath: $0) }
        return PeerTools(python: python, peersDirectory: environment["KIOSKD_BENCH_PEERS"] ?? "scripts/bench-peers", pcscScan: pcscScan)
    }
}

/// The footer through python-escpos (`scripts/bench-peers/escpos_footer.py`).
enum PythonEscPosPeer {
    struct Result {
        let bytes: Int
        let p50Microseconds: Double
        let p99Microseconds: Double
    }

    /// Runs the peer script over `lines` at `columns` and reads its JSON answer.
    /// - Throws: `BenchFailure` when the script fails or answers something else.
    static func run(python: String, script: String, lines: [String], columns: Int, iterations: Int = 5_000) throws -> Result {
        let request = try JSONSerialization.data(withJSONObject: ["lines": lines, "columns": columns, "iterations": iterations])
        let result = try ProcessRunner.run(URL(fileURLWithPath: python), [script], stdin: String(decoding: request, as: UTF8.self))
        guard result.status == 0,
              let answer = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
              let bytes = answer["bytes"] as? Int, let p50 = answer["p50_us"] as? Double, let p99 = answer["p99_us"] as? Double
        else { throw BenchFailure("python-escpos peer failed (status \(result.status)): \(result.stderr.suffix(400))") }
        return Result(bytes: bytes, p50Microseconds: p50, p99Microseconds: p99)
    }
}

/// The machine's load while the benchmark ran, printed with the figures: on a shared machine
/// the tail percentiles move with it.
enum MachineLoad {
    /// `/proc/loadavg`'s 1-minute average.
    static func oneMinute() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return -1 }
        return Double(text.split(separator: " ").first ?? "") ?? -1
    }
}

/// CPU time consumed so far, in nanoseconds: this thread's (`CLOCK_THREAD_CPUTIME_ID`) or the
/// whole process's (`CLOCK_PROCESS_CPUTIME_ID`). Unlike wall time, it does not grow when other
/// processes take the cores, so it shows the work itself on a loaded machine.
enum CPUTime {
    static func thread() -> UInt64 { read(CLOCK_THREAD_CPUTIME_ID) }
    static func process() -> UInt64 { read(CLOCK_PROCESS_CPUTIME_ID) }

    private static func read(_ clock: clockid_t) -> UInt64 {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

/// One progress line on stderr (the table and JSON go to stdout).
func progress(_ line: String) {
    FileHandle.standardError.write(Data("kioskd-bench: \(line)\n".utf8))
}
