import Devices
import Foundation
import Glibc
import Identity
import LinuxIO
import TestSupport

/// Badge latency through a real pcscd and the vpcd virtual reader: from the moment a
/// `VirtualCard` connects to vpcd (the card enters the field) to the moment the Devices
/// `BadgeReader` delivers `cardInserted` with the UID (it has sent `FF CA 00 00 00` and read the
/// answer).
///
/// The peer, `pcsc_scan -n` (pcsc-tools), watches the same reader during the same insertions,
/// so both see the same pcscd polling phase; its figure is card insert → its "Card inserted"
/// line (detection only, no UID read). Holds the machine-wide pcscd lock throughout.
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

    static func measure(peers: PeerTools, cards: Int) async throws -> BenchReport {
        var report = BenchReport()
        try await PCSCDHarness.withExclusiveAccess(lockTimeout: .seconds(600)) { _ in
            let reader = try BadgeReader(configuration: BadgeReaderConfiguration(readerName: VirtualCard.readerName))
            let events = Log<BadgeReaderEvent>()
            let consumer = Task.detached { for await event in reader.events { events.append(event) } }
            reader.start()
            defer { consumer.cancel() }
            guard await events.first(from: 0, timeoutSeconds: 10, where: { $0 == .readerAppeared(VirtualCard.readerName) }) != nil else {
                await reader.stop()
                throw BenchFailure("the badge reader never listed '\(VirtualCard.readerName)'")
            }
            progress("badge: reader listed, starting pcsc_scan")
            let scan = peers.pcscScan.flatMap { try? PcscScanPeer(executable: $0) }
            if let scan { try await scan.waitUntilWatching() }
            defer { scan?.stop() }

            var ours = LatencySamples(capacity: cards)
            var theirs = LatencySamples(capacity: cards)
            let uid = "04B3E1C0FFEE42"
            let expected = BadgeReaderEvent.cardInserted(reader: VirtualCard.readerName, uid: try CardUID(hex: uid))
            for round in 0..<cards {
                progress("badge: card \(round + 1) of \(cards)")
                let eventStart = events.count
                let peerStart = scan?.lines.count ?? 0
                let card = try VirtualCard(uidHex: uid)
                guard let inserted = await events.first(from: eventStart, timeoutSeconds: 10, where: { $0 == expected }) else {
                    card.remove()
                    await reader.stop()
                    throw BenchFailure("round \(round): no cardInserted within 10 s")
                }
                ours.append(inserted.at - card.insertedAt)
                if let scan, let seen = await scan.lines.first(from: peerStart, timeoutSeconds: 5, where: { $0.contains("Card inserted") }) {
                    theirs.append(seen.at - card.insertedAt)
                }
                card.remove()
                guard await events.first(from: inserted.index, timeoutSeconds: 10, where: { $0 == .cardRemoved(reader: VirtualCard.readerName) }) != nil else {
                    await reader.stop()
                    throw BenchFailure("round \(round): no cardRemoved within 10 s")
                }
                if let scan { _ = await scan.lines.first(from: peerStart, timeoutSeconds: 5, where: { $0.contains("Card removed") }) }
                // Insert at a random phase of pcscd's card polling, not in lock-step with it.
                try await Task.sleep(for: .milliseconds(Int.random(in: 50...450)))
            }
            await reader.stop()

            let note = "VirtualCard connect → BadgeReader cardInserted with UID (Devices reader; the daemon does not wire it yet)"
            report.add(Figure(name: "badge-to-event p50", value: ours.milliseconds(50), unit: "ms", bound: .none, note: note))
            report.add(Figure(name: "badge-to-event p99", value: ours.milliseconds(99), unit: "ms", bound: .none,
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
                              unit: "×", bound: .none, note: "p50 vs p50; kioskd also reads the UID"))
        }
        return report
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
