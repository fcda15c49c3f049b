import Foundation
import Glibc
import LinuxIO
import TestSupport

/// The release daemon from the outside: start-to-READY (spawn → `READY=1` on
/// `$NOTIFY_SOCKET`), then, on one daemon left running with its devices, idle CPU over a
/// window and idle RSS.
enum DaemonBench {
    /// Start-to-READY over `runs` fresh starts (each in a new state directory: the first start
    /// creates and migrates the database, as on a new kiosk), then the idle figures.
    static func measure(kioskd: String, runs: Int, idleSeconds: Double, devices: DaemonDevices) throws -> BenchReport {
        var report = BenchReport()
        var samples = LatencySamples(capacity: runs)
        for _ in 0..<runs {
            let directory = TemporaryDirectory(prefix: "kioskd-bench-start")
            let config = try directory.write("kioskd.json", devices.configuration(stateDirectory: directory.path + "/state"))
            let daemon = try DaemonLauncher(executable: kioskd, arguments: ["--simulate", "--config", config], directory: directory.path)
            try daemon.waitUntilReady()
            samples.append(daemon.startToReady)
            let status = daemon.stop(signal: SIGTERM)
            guard status == 0 else { throw BenchFailure("kioskd exited \(status) after SIGTERM\n\(daemon.logTail())") }
        }
        report.add(Figure(name: "daemon start-to-READY p50", value: samples.milliseconds(50), unit: "ms", bound: .none,
                          note: "\(runs) starts, fresh state directory each"))
        report.add(Figure(name: "daemon start-to-READY max", value: samples.milliseconds(100), unit: "ms", bound: .atMost(200)))

        let directory = TemporaryDirectory(prefix: "kioskd-bench-idle")
        let config = try directory.write("kioskd.json", devices.configuration(stateDirectory: directory.path + "/state"))
        let daemon = try DaemonLauncher(executable: kioskd, arguments: ["--simulate", "--config", config], directory: directory.path)
        try daemon.waitUntilReady()
        try devices.attach()
        defer { devices.detach() }
        // Let start-up work (migrations, first device scans) settle before the window opens.
        Thread.sleep(forTimeInterval: 2)
        let metrics = daemon.metrics
        guard let threadsBefore = metrics.threadCPUNanoseconds, let ticksBefore = metrics.cpuSeconds,
              let switchesBefore = metrics.contextSwitches else {
            throw BenchFailure("kioskd vanished before the idle window\n\(daemon.logTail())")
        }
        let windowStart = monotonicNanoseconds()
        Thread.sleep(forTimeInterval: idleSeconds)
        let window = Double(monotonicNanoseconds() - windowStart)
        guard let threadsAfter = metrics.threadCPUNanoseconds, let ticksAfter = metrics.cpuSeconds,
              let switchesAfter = metrics.contextSwitches, let rss = metrics.residentKiB else {
            throw BenchFailure("kioskd exited during the idle window\n\(daemon.logTail())")
        }
        let exact = ProcessMetrics.cpuBetween(threadsBefore, threadsAfter)
        // Threads that ended in the window take their share out of the exact sum; the 10 ms
        // clock ticks of /proc/PID/stat still hold it, so the larger of the two is reported.
        let cpu = max(Double(exact.nanoseconds), (ticksAfter - ticksBefore) * 1e9)
        var note = "\(Figure.format(idleSeconds)) s window; \(devices.summary)"
        if exact.endedThreads > 0 { note += "; \(exact.endedThreads) threads ended in the window" }
        report.add(Figure(name: "idle CPU", value: cpu / window * 100, unit: "% of a core", bound: .atMost(0.1), note: note))
        report.add(Figure(name: "idle wake-ups", value: Double(max(switchesAfter - switchesBefore, 0)) / (window / 1e9), unit: "switches/s",
                          bound: .none, note: "\(threadsAfter.count) threads"))
        report.add(Figure(name: "idle RSS", value: Double(rss) / 1024, unit: "MiB", bound: .atMost(20)))
        let status = daemon.stop(signal: SIGTERM)
        guard status == 0 else { throw BenchFailure("kioskd exited \(status) after SIGTERM\n\(daemon.logTail())") }
        return report
    }
}

/// The devices the idle daemon runs with, and the configuration that names them.
///
/// Until the daemon wires devices from its configuration, this is the minimal configuration
/// (API on a free loopback port, state in the run directory) and `summary` says so.
final class DaemonDevices {
    var summary: String { "API only (device wiring not in the daemon yet)" }

    func configuration(stateDirectory: String) -> String {
        """
        {"kioskId":"kiosk-bench","storeId":"store-bench","stateDirectory":"\(stateDirectory)",
         "api":{"listen":"127.0.0.1:0","unixSocket":"\(stateDirectory)/../api.sock"}}
        """
    }

    func attach() throws {}
    func detach() {}
}
