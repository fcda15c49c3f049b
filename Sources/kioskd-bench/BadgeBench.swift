import Foundation
import Glibc
import LinuxIO
import TestSupport

/// Badge latency through a real pcscd, the vpcd virtual reader and the release daemon: from
/// the moment a `VirtualCard` connects to vpcd (the card enters the field) to the moment the
/// daemon's `badge` event (`"present":true`, with the UID it read with `FF CA 00 00 00`)
/// comes out of `recv(2)` at an SSE client on loopback.
///
/// The peer, `pcsc_scan -n` (pcsc-tools), watches the same reader during the same insertions,
/// so both see the same pcscd polling phase; its figure is card insert → its "Card inserted"
/// line (detection only, no UID read, no HTTP). Holds the machine-wide pcscd lock throughout.
enum BadgeBench {
    /// A thread-safe list of timestamped items.
    final class Log<Item: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [(item: Item, at: UInt64)] = []

        func append(_ item: Item) {
            let now = monotonicNanoseconds()
            lock.withLock { items.append((item, now)) }
        }

        var count: Int { lock.withLock { items.count } }

        /// The first item from `start` on that matches; polls every millisecond (the
        /// timestamps were taken on arrival, so the polling does not enter the figure).
        func first(from start: Int, timeoutSeconds: Double, where match: (Item) -> Bool) async -> (index: Int, at: UInt64)? {
            let deadline = monotonicNanoseconds() + UInt64(timeoutSeconds * 1e9)
            while monotonicNanoseconds() < deadline {
                let found = lock.withLock { () -> (Int, UInt64)? in
                    for index in start..<items.count where match(items[index].item) { return (index, items[index].at) }
                    return nil
                }
                if let found { return found }
                try? await Task.sleep(for: .milliseconds(1))
            }
            return nil
        }
    }

    static func measure(kioskd: String, peers: PeerTools, cards: Int) async throws -> BenchReport {
        var report = BenchReport()
        try await PCSCDHarness.withExclusiveAccess(lockTimeout: .seconds(600)) { _ in
            let directory = TemporaryDirectory(prefix: "kioskd-bench-badge")
            let devices = try DaemonDevices(directory: directory.path, badgeReader: true)
            let config = try directory.write("kioskd.json", devices.configuration(stateDirectory: directory.path + "/state"))
            let daemon = try DaemonLauncher(executable: kioskd, arguments: ["--config", config], directory: directory.path)
            defer { daemon.stop(signal: SIGTERM) }
            try daemon.waitUntilReady()
            let port = try daemon.apiPort()
            let token = try String(contentsOfFile: directory.path + "/state/api-token", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let placed = try TimedEventStream(port: port, token: token, event: "badge", matching: #""present":true"#)
            let removed = try TimedEventStream(port: port, token: token, event: "badge", matching: #""present":false"#)
            defer { placed.close(); removed.close() }
            guard placed.waitUntilOpen() == 200, removed.waitUntilOpen() == 200 else {
                throw BenchFailure("GET /v1/events refused\n\(daemon.logTail())")
            }
            try await waitUntilReaderConnected(port: port, daemon: daemon)
            progress("badge: daemon watches the reader, starting pcsc_scan")
            let scan = peers.pcscScan.flatMap { try? PcscScanPeer(executable: $0) }
            if let scan { try await scan.waitUntilWatching() }
            defer { scan?.stop() }

            var ours = LatencySamples(capacity: cards)
            var theirs = LatencySamples(capacity: cards)
            for round in 0..<cards {
                progress("badge: card \(round + 1) of \(cards)")
                let peerStart = scan?.lines.count ?? 0
                let card = try VirtualCard(uidHex: "04B3E1C0FFEE42")
                guard let arrived = placed.arrival(round, timeoutSeconds: 10) else {
                    card.remove()
                    throw BenchFailure("round \(round): no badge event within 10 s\n\(daemon.logTail())")
                }
                ours.append(arrived - card.insertedAt)
                if let scan, let seen = await scan.lines.first(from: peerStart, timeoutSeconds: 5, where: { $0.contains("Card inserted") }) {
                    theirs.append(seen.at - card.insertedAt)
                }
                card.remove()
                guard removed.arrival(round, timeoutSeconds: 10) != nil else {
                    throw BenchFailure("round \(round): no badge removal event within 10 s\n\(daemon.logTail())")
                }
                if let scan { _ = await scan.lines.first(from: peerStart, timeoutSeconds: 5, where: { $0.contains("Card removed") }) }
                // Insert at a random phase of pcscd's card polling, not in lock-step with it.
                try await Task.sleep(for: .milliseconds(Int.random(in: 50...450)))
            }

            let note = "VirtualCard connect → badge event (UID read) at an SSE client on loopback (release kioskd, hardware mode)"
            report.add(Figure(name: "badge-to-SSE p50", value: ours.milliseconds(50), unit: "ms", bound: .none, note: note))
            report.add(Figure(name: "badge-to-SSE p99", value: ours.milliseconds(99), unit: "ms", bound: .none,
                              note: "\(cards) cards; pcscd polls the vpcd slot for card presence"))
            guard scan != nil else {
                report.skip("pcsc_scan badge peer", because: "pcsc_scan not installed (Debian package pcsc-tools; scripts/bench installs it)")
                return
            }
            guard theirs.count == cards else {
                report.skip("pcsc_scan badge peer", because: "pcsc_scan reported \(theirs.count) of \(cards) insertions")
                return
            }
            report.add(Figure(name: "pcsc_scan detection p50", value: theirs.milliseconds(50), unit: "ms", bound: .none,
                              note: "same insertions, pcsc_scan -n (detection only, no UID read)"))
            report.add(Figure(name: "pcsc_scan detection p99", value: theirs.milliseconds(99), unit: "ms", bound: .none))
            report.add(Figure(name: "badge latency ratio kioskd/pcsc_scan", value: ours.milliseconds(50) / max(theirs.milliseconds(50), 0.001),
                              unit: "×", bound: .none, note: "p50 vs p50; kioskd also reads the UID and serves it over SSE"))
        }
        return report
    }

    /// Waits until `/v1/health` shows the badge reader connected (the daemon's PC/SC thread
    /// has listed the virtual reader).
    static func waitUntilReaderConnected(port: UInt16, daemon: DaemonLauncher) async throws {
        let client = LoopbackHTTPClient(endpoint: .tcp(port: port))
        let deadline = monotonicNanoseconds() + 10_000_000_000
        while monotonicNanoseconds() < deadline {
            let health = try await client.request("GET", "/v1/health", timeout: .seconds(5))
            let state = ((health.json?["devices"] as? [String: Any])?["badgeReader"] as? [String: Any])?["state"] as? String
            if state == "connected" { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchFailure("the daemon never reported the badge reader connected\n\(daemon.logTail())")
    }
}

/// `pcsc_scan -n` under `stdbuf -oL`, its stdout lines timestamped on arrival by a thread.
final class PcscScanPeer: @unchecked Sendable {
    let lines = BadgeBench.Log<String>()
    private let child: ChildProcess

    init(executable: String) throws {
        child = try ChildProcess(executable: "/usr/bin/stdbuf", arguments: ["-oL", executable, "-n"])
        guard let output = child.output else { throw BenchFailure("pcsc_scan has no output pipe") }
        let log = lines
        let thread = Thread {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while let count = try? buffer.withUnsafeMutableBytes({ try output.read(into: $0) }), count > 0 {
                pending += buffer[0..<count]
                while let newline = pending.firstIndex(of: 0x0A) {
                    log.append(String(decoding: pending[..<newline], as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
            }
            output.close()
        }
        thread.name = "pcsc_scan-reader"
        thread.start()
    }

    /// Waits until pcsc_scan has listed the virtual reader (it is then in its wait loop).
    func waitUntilWatching() async throws {
        guard await lines.first(from: 0, timeoutSeconds: 10, where: { $0.contains(VirtualCard.readerName) }) != nil else {
            stop()
            throw BenchFailure("pcsc_scan never listed '\(VirtualCard.readerName)'")
        }
        try await Task.sleep(for: .milliseconds(300))
    }

    func stop() { child.stop(signal: SIGTERM, timeoutSeconds: 5) }
}
