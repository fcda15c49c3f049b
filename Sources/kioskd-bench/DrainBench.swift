import Foundation
import Glibc
import LinuxIO
import Relay
import Storage
import TestSupport

/// Outbox drain to a loopback backend: the Relay `OutboxDrainer` (URLSession client, batches
/// of 50, 4 in flight: the daemon's defaults) empties an outbox of N queued sales.
///
/// The backend is the Swift `BenchBackend` in its own process (the Python test backend is
/// measured too, on fewer sales, and is the slower side of that pair). Memory is the bench
/// process's resident set, sampled every 50 ms while the drainer runs: it holds the drainer,
/// the store connection and the URLSession, nothing else that grows.
enum DrainBench {
    struct Result {
        let count: Int
        let seconds: Double
        let rssBeforeKiB: Int
        let rssPeakKiB: Int
        let backend: BenchBackendProcess.Stats?
        var rate: Double { Double(count) / seconds }
        var growthMiB: Double { Double(rssPeakKiB - rssBeforeKiB) / 1024 }
    }

    /// Samples this process's VmRSS on a thread until stopped; keeps the peak.
    final class RSSSampler: @unchecked Sendable {
        private let lock = NSLock()
        private var peak = 0
        private var running = true

        init() {
            let thread = Thread { [self] in
                while lock.withLock({ running }) {
                    let rss = ProcessMetrics(pid: getpid()).residentKiB ?? 0
                    lock.withLock { peak = max(peak, rss) }
                    usleep(50_000)
                }
            }
            thread.start()
        }

        func stop() -> Int { lock.withLock { running = false; return peak } }
    }

    /// Seeds `count` sales, drains them to the backend at `url`, returns the timing and memory.
    static func drain(count: Int, url: URL, token: String, backendStats: () throws -> BenchBackendProcess.Stats?) async throws -> Result {
        let directory = TemporaryDirectory(prefix: "kioskd-bench-drain")
        let store = try KioskStore(stateDirectory: directory.path)
        progress("drain: seeding \(count) sales")
        try await OutboxSeeder.seed(store: store, count: count)
        let tokenFile = try directory.write("backend-token", token)
        let client = BackendClient(configuration: BackendConfiguration(url: url, tokenFile: tokenFile), token: try BackendToken(tokenFile: tokenFile))
        let drainer = OutboxDrainer(store: store, client: client)
        progress("drain: draining \(count) sales")
        let before = ProcessMetrics(pid: getpid()).residentKiB ?? 0
        let sampler = RSSSampler()
        let start = monotonicNanoseconds()
        let task = Task.detached { await drainer.run() }
        var counts = try store.outbox.counts()
        while counts.pending > 0 {
            try await Task.sleep(for: .milliseconds(20))
            counts = try store.outbox.counts()
            if counts.dead > 0 { break }
            if monotonicNanoseconds() - start > 600_000_000_000 { break }
        }
        let seconds = Double(monotonicNanoseconds() - start) / 1e9
        let peak = sampler.stop()
        task.cancel()
        drainer.wake()
        await task.value
        guard counts.pending == 0, counts.dead == 0 else {
            throw BenchFailure("outbox not drained: \(counts.pending) pending, \(counts.dead) dead (\(drainer.status.lastFailure ?? "no failure"))")
        }
        return Result(count: count, seconds: seconds, rssBeforeKiB: before, rssPeakKiB: max(peak, before), backend: try backendStats())
    }

    static func measure(executable: String, sizes: [Int], pythonCount: Int) async throws -> BenchReport {
        var report = BenchReport()
        var growths: [Int: Double] = [:]
        for count in sizes {
            let backend = try BenchBackendProcess(executable: executable)
            let result = try await drain(count: count, url: URL(string: "http://127.0.0.1:\(backend.port)")!, token: "bench-token",
                                         backendStats: { try backend.stats() })
            guard let stats = result.backend, stats.distinct == count else {
                throw BenchFailure("the backend recorded \(result.backend?.distinct ?? -1) distinct sales of \(count)")
            }
            growths[count] = result.growthMiB
            let label = count.formatted(.number.grouping(.automatic))
            report.add(Figure(name: "outbox drain rate, \(label) sales", value: result.rate.rounded(), unit: "sales/s", bound: .atLeast(1_000),
                              note: "Swift loopback backend (own process); \(stats.posts) POSTs, \(stats.replays) replays"))
            report.add(Figure(name: "drain peak RSS, \(label) sales", value: Double(result.rssPeakKiB) / 1024, unit: "MiB", bound: .none,
                              note: "bench process: drainer + store + URLSession; +\(Figure.format(result.growthMiB)) MiB while draining"))
        }
        if let small = sizes.first, let large = sizes.last, large > small, let a = growths[small], let b = growths[large] {
            report.add(Figure(name: "drain memory growth, \(large / small)× more sales", value: b - a, unit: "MiB", bound: .atMost(8),
                              note: "extra RSS growth draining \(large) instead of \(small): flat means independent of the queue"))
        }
        if pythonCount > 0 {
            let stateFile = TemporaryDirectory(prefix: "kioskd-bench-pybackend")
            let backend = try await LoopbackBackend.start(stateFile: stateFile.path + "/state.jsonl", token: "bench-token")
            do {
                let result = try await drain(count: pythonCount, url: backend.url, token: backend.token, backendStats: { nil })
                let stats = try await backend.stats()
                guard stats.distinct == pythonCount else { throw BenchFailure("Python backend recorded \(stats.distinct) of \(pythonCount)") }
                report.add(Figure(name: "outbox drain rate, Python test backend", value: result.rate.rounded(), unit: "sales/s", bound: .none,
                                  note: "\(pythonCount) sales to Tests/TestSupport's loopback-backend.py (ThreadingHTTPServer, appends a state file)"))
            } catch {
                await backend.stop()
                throw error
            }
            await backend.stop()
        }
        return report
    }
}
