import Foundation
import Glibc
import LinuxIO

/// The release `kioskd` started by `posix_spawn`, with `$NOTIFY_SOCKET` pointing at a socket
/// of ours, so that start-to-READY is timed from just before the spawn to the `READY=1`
/// datagram (a blocking `poll` on the socket: no polling interval in the figure).
///
/// stdout and stderr go to `log` in the run directory (read back when something fails).
final class DaemonLauncher {
    let directory: String
    let logPath: String
    /// Nanoseconds from the spawn to `READY=1`, once `waitUntilReady` returned.
    private(set) var startToReady: UInt64 = 0
    /// The `STATUS=` text sent with `READY=1` (`ready (simulation mode, API on http://127.0.0.1:PORT …)`).
    private(set) var readyStatus = ""
    private let notify: UnixDatagramSocket
    private let spawnedAt: UInt64
    private let child: ChildProcess

    var pid: pid_t { child.pid }

    /// Spawns `kioskd ARGS`; `directory` (which must exist) holds the notify socket and the log.
    /// - Throws: `BenchFailure` or `SystemError` when the socket cannot be bound or the spawn fails.
    init(executable: String, arguments: [String], directory: String, environment extra: [String: String] = [:]) throws {
        self.directory = directory
        logPath = directory + "/kioskd.log"
        notify = try UnixDatagramSocket()
        let address = directory + "/notify.sock"
        try notify.bind(to: address)
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = address
        environment.removeValue(forKey: "WATCHDOG_USEC")
        for (key, value) in extra { environment[key] = value }
        spawnedAt = monotonicNanoseconds()
        child = try ChildProcess(executable: executable, arguments: arguments, environment: environment, stdout: logPath)
    }

    /// Blocks until `READY=1` arrives; records start-to-READY.
    /// - Throws: `BenchFailure` when the daemon exits or stays silent for `timeoutSeconds`.
    func waitUntilReady(timeoutSeconds: Double = 20) throws {
        let deadline = spawnedAt + UInt64(timeoutSeconds * 1e9)
        while true {
            let now = monotonicNanoseconds()
            guard now < deadline else { throw BenchFailure("kioskd sent no READY=1 within \(timeoutSeconds) s\n\(logTail())") }
            let remaining = Int32(min(Double(deadline - now) / 1e6, 100))
            let events = try Poll.wait([(notify.descriptor, .readable)], timeoutMilliseconds: max(remaining, 1))
            if events.first?.contains(.readable) == true {
                let bytes = try notify.receive()
                let arrived = monotonicNanoseconds()
                let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
                if lines.contains("READY=1") {
                    startToReady = arrived - spawnedAt
                    readyStatus = lines.first { $0.hasPrefix("STATUS=") }.map { String($0.dropFirst(7)) } ?? ""
                    return
                }
            } else if child.hasExited {
                throw BenchFailure("kioskd exited before READY=1\n\(logTail())")
            }
        }
    }

    /// The TCP port of the API, read from the READY status (`API on http://127.0.0.1:PORT`).
    /// - Throws: `BenchFailure` when the status names no TCP address.
    func apiPort() throws -> UInt16 {
        guard let range = readyStatus.range(of: "http://127.0.0.1:") else {
            throw BenchFailure("READY status names no loopback TCP address: '\(readyStatus)'")
        }
        let digits = readyStatus[range.upperBound...].prefix { $0.isNumber }
        guard let port = UInt16(digits) else { throw BenchFailure("READY status has no port: '\(readyStatus)'") }
        return port
    }

    /// The daemon's resource use, read from `/proc`.
    var metrics: ProcessMetrics { ProcessMetrics(pid: child.pid) }

    /// Sends `signal` and reaps the daemon; returns its exit status (128 + signal when killed).
    @discardableResult
    func stop(signal: Int32 = SIGTERM, timeoutSeconds: Double = 10) -> Int32 { child.stop(signal: signal, timeoutSeconds: timeoutSeconds) }

    /// Whether the daemon has exited.
    var hasExited: Bool { child.hasExited }

    /// The last lines of the daemon's log.
    func logTail(lines: Int = 15) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}
