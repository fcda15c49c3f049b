import Foundation
import Identity
import KioskService
import LinuxIO
import Receipt
import Storage
import StrictJSON
import TestSupport

/// Sale close as the API does it: `SaleDesk.close` — account lookup, loyalty quote, footer,
/// print job, then ONE durable commit (WAL, `synchronous=FULL`) of sale, ledger, vouchers,
/// outbox row and print job — on a real SQLite file in a fresh directory.
///
/// Closes are issued one after another (a kiosk closes one sale at a time), by confirmed
/// customers taken round robin from a pool, so accounts accumulate ledger history as in a shop.
enum SaleCloseBench {
    /// A three-line lunch basket paid by card.
    static let closeBody = #"""
        {"basket":{"lines":[
          {"sku":"LUNCH","quantity":1,"unitPriceCents":1240,"vatRate":12},
          {"sku":"COFFEE","quantity":2,"unitPriceCents":290,"vatRate":6},
          {"sku":"WATER","quantity":1,"unitPriceCents":180,"vatRate":6}]},
         "payments":[{"method":"card","amountCents":2000}]}
        """#

    /// A sale desk on `store` with the embedded default program (points, tiers, a reward) and
    /// an 80 mm printer, as `make run` configures the daemon.
    static func makeDesk(store: KioskStore) -> SaleDesk {
        let config = KioskConfig.embeddedDefaults()
        return SaleDesk(
            configuration: .init(kioskId: "kiosk-1", storeId: "store-1", timeZone: config.timeZone, storeLanguage: config.language,
                                 program: config.loyalty, printerProfile: .epson80mm),
            store: store, executor: BlockingExecutor(label: "bench-store"), clock: KioskClock())
    }

    /// The close body above, decoded.
    static func closeRequest() throws -> CloseRequest { try CloseRequest.decode(JSONCursor.parse(Array(closeBody.utf8))) }

    struct Result {
        let samples: LatencySamples
        let elapsedSeconds: Double
        let databaseBytes: Int
        /// The machine's fsync latency in the same directory, measured just before.
        let fsync: LatencySamples
        /// Mean CPU time of the whole process per close (quote, SQLite, hops between threads).
        let cpuMillisecondsPerClose: Double
        var closesPerSecond: Double { Double(samples.count) / elapsedSeconds }
    }

    /// Closes sales for `duration` seconds after `warmUp` closes; times each close.
    static func run(duration: Double, warmUp: Int = 300, customers: Int = 500) async throws -> Result {
        let directory = TemporaryDirectory(prefix: "kioskd-bench-close")
        let fsync = try FsyncProbe.run(directory: directory.path)
        let store = try KioskStore(stateDirectory: directory.path)
        let desk = makeDesk(store: store)
        let request = try closeRequest()
        let credentials: [Credential] = try (0..<customers).map { index in
            .badge(try CardUID(hex: String(format: "04%06X", 0xA10000 + index)))
        }
        var sequence = 0
        func closeOne() async throws -> UInt64 {
            sequence += 1
            let credential = credentials[sequence % credentials.count]
            let start = monotonicNanoseconds()
            let closed = try await desk.close(
                orderId: "o-\(sequence)", saleId: "store-1.kiosk-1.o-\(sequence)", identity: .confirmed(credential),
                request: request, redemptions: OrderRedemptions())
            let elapsed = monotonicNanoseconds() - start
            guard !closed.wasAlreadyCommitted, closed.printJobIds.count == 1 else {
                throw BenchFailure("close \(sequence) did not commit one new sale with its footer job")
            }
            return elapsed
        }
        for _ in 0..<warmUp { _ = try await closeOne() }
        var samples = LatencySamples(capacity: Int(duration * 2_000))
        let start = monotonicNanoseconds()
        let cpuStart = CPUTime.process()
        let end = start + UInt64(duration * 1e9)
        while monotonicNanoseconds() < end {
            samples.append(try await closeOne())
        }
        let elapsed = Double(monotonicNanoseconds() - start) / 1e9
        let cpu = Double(CPUTime.process() - cpuStart) / 1e6 / Double(max(samples.count, 1))
        let expected = warmUp + samples.count
        guard try store.saleCount() == expected else {
            throw BenchFailure("the store holds \(try store.saleCount()) sales, expected \(expected)")
        }
        let size = ["", "-wal"].compactMap { suffix in
            (try? FileManager.default.attributesOfItem(atPath: store.path + suffix))?[.size] as? Int
        }.reduce(0, +)
        return Result(samples: samples, elapsedSeconds: elapsed, databaseBytes: size, fsync: fsync, cpuMillisecondsPerClose: cpu)
    }

    /// Adds the sale close figures to `report`.
    static func measure(duration: Double) async throws -> BenchReport {
        var report = BenchReport()
        let result = try await run(duration: duration)
        let pragmas = "WAL, synchronous=FULL, \(result.samples.count) closes in \(Figure.format(result.elapsedSeconds)) s"
        report.add(Figure(name: "sale close p50", value: result.samples.milliseconds(50), unit: "ms", bound: .none, note: pragmas))
        report.add(Figure(name: "sale close p99", value: result.samples.milliseconds(99), unit: "ms", bound: .atMost(15)))
        report.add(Figure(name: "sale close CPU time (mean)", value: result.cpuMillisecondsPerClose, unit: "ms", bound: .none,
                          note: "process CPU clock per close; the rest of the wall time is fsync and waiting for a core"))
        report.add(Figure(name: "machine fsync p50 (reference)", value: result.fsync.milliseconds(50), unit: "ms", bound: .none,
                          note: "4 KiB append + fsync, same directory; p99 \(Figure.format(result.fsync.milliseconds(99))) ms"))
        report.add(Figure(name: "sale close max", value: result.samples.milliseconds(100), unit: "ms", bound: .none))
        report.add(Figure(name: "sale closes sustained", value: result.closesPerSecond.rounded(), unit: "closes/s", bound: .atLeast(500),
                          note: "one at a time, as a kiosk does"))
        return report
    }
}
