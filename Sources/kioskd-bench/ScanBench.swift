import Devices
import Foundation
import Glibc
import LinuxIO
import TestSupport

/// Scan-to-SSE latency through the release daemon: the bench is the scanner (it writes
/// `input_event` records into the FIFO the daemon reads as its scanner device) and the kiosk
/// screen (an SSE client on loopback TCP).
///
/// Each scan types a loyalty card number with a US layout. Everything but the last key
/// (Enter press and release, each followed by `SYN_REPORT`) is written first; a few
/// milliseconds later the clock starts just before the `write(2)` of those last records, and
/// stops when the `scan` event's bytes come back out of `recv(2)` on the client's thread. The
/// path in between: the scanner thread's `poll`, the record buffer and barcode assembler, the
/// classifier, the order book actor, the event broadcaster, the HTTP loop's eventfd, the socket.
enum ScanBench {
    static let cardNumber = "2990000000019"

    static func measure(kioskd: String, scans: Int, warmUp: Int = 10) async throws -> BenchReport {
        var report = BenchReport()
        let directory = TemporaryDirectory(prefix: "kioskd-bench-scan")
        let devices = try DaemonDevices(directory: directory.path, badgeReader: false)
        let config = try directory.write("kioskd.json", devices.configuration(stateDirectory: directory.path + "/state"))
        let daemon = try DaemonLauncher(executable: kioskd, arguments: ["--config", config], directory: directory.path)
        defer { daemon.stop(signal: SIGTERM) }
        try daemon.waitUntilReady()
        let port = try daemon.apiPort()
        let token = try String(contentsOfFile: directory.path + "/state/api-token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let stream = try TimedEventStream(port: port, token: token, event: "scan")
        defer { stream.close() }
        guard stream.waitUntilOpen() == 200 else {
            throw BenchFailure("GET /v1/events answered \(stream.handshakeStatus.map(String.init) ?? "nothing")\n\(daemon.logTail())")
        }
        try await devices.attach()
        defer { devices.detach() }
        guard let scanner = devices.scanner else { throw BenchFailure("scanner FIFO not open") }

        let encoder = KeystrokeEncoder(keymap: .us)
        let tailEvents = 4   // Enter press, SYN, Enter release, SYN
        var samples = LatencySamples(capacity: scans)
        for index in 0..<(warmUp + scans) {
            let events = encoder.events(typing: cardNumber, ending: .enter, startingAt: realtimeMicroseconds())
            let head = events.dropLast(tailEvents).flatMap(\.encoded)
            let tail = events.suffix(tailEvents).flatMap(\.encoded)
            try scanner.write(head)
            // The daemon has read the first keys by now; the figure is the last key's path alone.
            usleep(3_000)
            let written = monotonicNanoseconds()
            try scanner.write(tail)
            guard let arrived = stream.arrival(index, timeoutSeconds: 10) else {
                throw BenchFailure("scan \(index): no scan event within 10 s\n\(daemon.logTail())")
            }
            if index >= warmUp { samples.append(arrived - written) }
            // Scans at a random phase of whatever the daemon does on its own.
            usleep(UInt32.random(in: 10_000...30_000))
        }
        let note = "FIFO write of the last key → scan event read by an SSE client on loopback TCP (release kioskd, hardware mode)"
        report.add(Figure(name: "scan-to-SSE p50", value: samples.milliseconds(50), unit: "ms", bound: .none, note: note))
        report.add(Figure(name: "scan-to-SSE p99", value: samples.milliseconds(99), unit: "ms", bound: .atMost(2),
                          note: "\(scans) scans after \(warmUp) warm-up; max \(Figure.format(samples.milliseconds(100))) ms"))
        return report
    }

    /// Wall-clock microseconds, the kind of timestamp the kernel puts in an `input_event`.
    static func realtimeMicroseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
    }
}
