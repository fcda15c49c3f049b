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
    /// With `badgeReader`, the daemon watches the vpcd reader: runs inside the pcscd lock.
    static func measure(kioskd: String, runs: Int, idleSeconds: Double, badgeReader: Bool) async throws -> BenchReport {
        guard badgeReader else { return try await measureLocked(kioskd: kioskd, runs: runs, idleSeconds: idleSeconds, badgeReader: false) }
        return try await PCSCDHarness.withExclusiveAccess(lockTimeout: .seconds(600)) { _ in
            try await measureLocked(kioskd: kioskd, runs: runs, idleSeconds: idleSeconds, badgeReader: true)
        }
    }

    private static func measureLocked(kioskd: String, runs: Int, idleSeconds: Double, badgeReader: Bool) async throws -> BenchReport {
        var report = BenchReport()
        var samples = LatencySamples(capacity: runs)
        for _ in 0..<runs {
            let directory = TemporaryDirectory(prefix: "kioskd-bench-start")
            let devices = try DaemonDevices(directory: directory.path, badgeReader: badgeReader)
            let config = try directory.write("kioskd.json", devices.configuration(stateDirectory: directory.path + "/state"))
            let daemon = try DaemonLauncher(executable: kioskd, arguments: ["--config", config], directory: directory.path)
            try daemon.waitUntilReady()
            samples.append(daemon.startToReady)
            let status = daemon.stop(signal: SIGTERM)
            guard status == 0 else { throw BenchFailure("kioskd exited \(status) after SIGTERM\n\(daemon.logTail())") }
        }
        report.add(Figure(name: "daemon start-to-READY p50", value: samples.milliseconds(50), unit: "ms", bound: .none,
                          note: "\(runs) starts, fresh state directory each, devices configured"))
        report.add(Figure(name: "daemon start-to-READY max", value: samples.milliseconds(100), unit: "ms", bound: .atMost(200)))

        let directory = TemporaryDirectory(prefix: "kioskd-bench-idle")
        let devices = try DaemonDevices(directory: directory.path, badgeReader: badgeReader)
        let config = try directory.write("kioskd.json", devices.configuration(stateDirectory: directory.path + "/state"))
        let daemon = try DaemonLauncher(executable: kioskd, arguments: ["--config", config], directory: directory.path)
        try daemon.waitUntilReady()
        try await devices.attach()
        defer { devices.detach() }
        // Let start-up work (migrations, first device scans) settle before the window opens.
        try await Task.sleep(for: .seconds(2))
        let metrics = daemon.metrics
        guard let threadsBefore = metrics.threadCPUNanoseconds, let ticksBefore = metrics.cpuSeconds,
              let switchesBefore = metrics.contextSwitches else {
            throw BenchFailure("kioskd vanished before the idle window\n\(daemon.logTail())")
        }
        let windowStart = monotonicNanoseconds()
        try await Task.sleep(for: .seconds(idleSeconds))
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
        // After the window (a request costs CPU): what the daemon says its devices are doing.
        let port = try daemon.apiPort()
        let health = try await LoopbackHTTPClient(endpoint: .tcp(port: port)).request("GET", "/v1/health", timeout: .seconds(10))
        let deviceStates = ((health.json?["devices"] as? [String: Any]) ?? [:]).sorted { $0.key < $1.key }
            .map { "\($0.key) \((($0.value as? [String: Any])?["state"] as? String) ?? "?")" }.joined(separator: ", ")
        note += "; health: \(deviceStates)"
        report.add(Figure(name: "idle CPU", value: cpu / window * 100, unit: "% of a core", bound: .atMost(0.1), note: note))
        report.add(Figure(name: "idle wake-ups", value: Double(max(switchesAfter - switchesBefore, 0)) / (window / 1e9), unit: "switches/s",
                          bound: .none, note: "\(threadsAfter.count) threads"))
        report.add(Figure(name: "idle RSS", value: Double(rss) / 1024, unit: "MiB", bound: .atMost(20)))
        if let anonymous = metrics.residentAnonymousKiB, let file = metrics.residentFileKiB {
            report.add(Figure(name: "idle RSS anonymous", value: Double(anonymous) / 1024, unit: "MiB", bound: .none,
                              note: "heap, thread stacks, relocated data"))
            report.add(Figure(name: "idle RSS file-backed", value: Double(file) / 1024, unit: "MiB", bound: .none,
                              note: "code and read-only data of kioskd and its shared libraries"))
        }
        let status = daemon.stop(signal: SIGTERM)
        guard status == 0 else { throw BenchFailure("kioskd exited \(status) after SIGTERM\n\(daemon.logTail())") }
        return report
    }
}

/// The devices a benchmarked daemon runs with, in hardware mode (no `--simulate`): a scanner
/// FIFO of `input_event` records (the bench writes into it as a scanner would), the vpcd
/// virtual reader through pcscd when `badgeReader` (the caller then holds the pcscd lock),
/// and a file printer.
final class DaemonDevices {
    let directory: String
    let badgeReader: Bool
    var scannerPath: String { directory + "/scanner.fifo" }
    private var writer: FIFOWriter?

    /// Creates the scanner FIFO in `directory`.
    /// - Throws: `SystemError` for `mkfifo`.
    init(directory: String, badgeReader: Bool) throws {
        self.directory = directory
        self.badgeReader = badgeReader
        try FIFO.make(scannerPath)
    }

    var summary: String {
        "hardware mode: scanner FIFO with a writer, " + (badgeReader ? "badge reader on pcscd + vpcd (empty)" : "no badge reader")
            + ", file printer"
    }

    func configuration(stateDirectory: String) -> String {
        let badge = badgeReader ? #"{"readerName":"\#(VirtualCard.readerName)"}"# : #"{"enabled":false}"#
        return """
        {"kioskId":"kiosk-bench","storeId":"store-bench","stateDirectory":"\(stateDirectory)",
         "api":{"listen":"127.0.0.1:0","unixSocket":"\(directory)/api.sock"},
         "scanner":{"keymap":"us","discover":false,"devices":[{"path":"\(scannerPath)"}]},
         "badgeReader":\(badge),
         "printer":{"transport":"file","device":"\(directory)/printer.bin","profile":{"maker":"epson","columns":42,"codePage":"cp858"}}}
        """
    }

    /// Opens the FIFO's writing end (the scanner is "plugged in"); waits for the daemon to read it.
    func attach() async throws { writer = try await FIFOWriter(path: scannerPath) }

    /// The scanner's writing end, once attached.
    var scanner: FIFOWriter? { writer }

    func detach() {
        writer?.close()
        writer = nil
    }
}
