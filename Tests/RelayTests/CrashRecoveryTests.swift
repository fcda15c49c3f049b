import Foundation
import Storage
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// SIGKILL at random points during closes and drains, then checks every sale reached the
/// backend exactly once and the local ledger balances. `CHAOS_CYCLES` sets the number of
/// kill/restart cycles (20 by default; `make chaos` runs 1,000).
@Suite("Crash recovery: SIGKILL during closes and drains loses nothing and relays nothing twice")
struct CrashRecoveryTests {
    static let probe = BuiltProducts.binDirectory.appendingPathComponent("storage-crash-probe")
    static let cycles = ProcessInfo.processInfo.environment["CHAOS_CYCLES"].flatMap(Int.init) ?? 20
    /// Each cycle closes 3 more sales than the previous one (re-closing the earlier ones, which is
    /// idempotent), so kills land in closes in every cycle, not only in the first few.
    static func sales(inCycle cycle: Int) -> Int { 20 + 3 * cycle }
    static var sales: Int { sales(inCycle: cycles) }

    /// Starts the probe; returns the process and its stdout pipe.
    static func launch(_ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = probe
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, out)
    }

    @Test("every sale reaches the backend exactly once and the ledger balances after CHAOS_CYCLES kill/restart cycles (default 20)", .timeLimit(.minutes(60)))
    func killLoop() async throws {
        let started = ContinuousClock.now
        let directory = TemporaryDirectory(prefix: "kioskd-crash")
        let state = directory.url.appendingPathComponent("state").path
        let backend = try await LoopbackBackend.start(stateFile: directory.url.appendingPathComponent("backend.jsonl").path)
        let tokenFile = try directory.write("token", backend.token)
        let common = ["--state", state, "--backend", backend.url.absoluteString, "--token-file", tokenFile]
        let (selfKills, timedKills) = try await offPool { () -> (Int, Int) in
            var generator = SystemRandomNumberGenerator()
            var selfKills = 0, timedKills = 0
            // Random kills are drawn within how long a run lasts, which shrinks as the state
            // fills up and each run has less left to do: shortened whenever a run ends first.
            var window: UInt32 = 250_000
            for cycle in 0..<Self.cycles {
                if cycle % 4 == 3 {
                    // Deterministic window: killed right after the K-th backend answer, before
                    // the outcome is committed (the backend has the sale; this kiosk does not know).
                    // Each run closes 3 new sales, so K ≤ 3 answers always come.
                    let (process, _) = try Self.launch(["run"] + common + ["--sales", String(Self.sales(inCycle: cycle)),
                                                                          "--kill-after-answers", String(Int.random(in: 1...3, using: &generator))])
                    process.waitUntilExit()
                    if process.terminationReason == .uncaughtSignal { selfKills += 1 }
                } else {
                    // Random moment: starting, opening the file, closing sales, draining.
                    let (process, _) = try Self.launch(["run"] + common + ["--sales", String(Self.sales(inCycle: cycle))])
                    let delay = UInt32.random(in: 0...window, using: &generator)
                    usleep(delay)
                    if process.isRunning {
                        kill(process.processIdentifier, SIGKILL)
                        timedKills += 1
                    } else {
                        window = max(5_000, delay * 3 / 4)
                    }
                    process.waitUntilExit()
                }
            }
            return (selfKills, timedKills)
        }

        // A last run, left alone, finishes the closes and drains the outbox.
        let final = try await offPool { () -> (Int32, String) in
            let (process, out) = try Self.launch(["run"] + common + ["--sales", String(Self.sales)])
            let output = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: output, as: UTF8.self))
        }
        #expect(final.0 == 0 && final.1.contains("DONE"), "the last run completes: \(final.1)")
        #expect(selfKills + timedKills > Self.cycles / 2, "most cycles really were killed (\(selfKills) after an answer, \(timedKills) at random)")

        let recorded = try await backend.recordedSales()
        let expected = (0..<Self.sales).map { "crash-\($0)" }
        #expect(recorded.map(\.saleId).sorted() == expected.sorted(), "every sale is in the backend, none twice")
        let stats = try await backend.stats()
        #expect(stats.conflicts == 0, "no sale id was ever sent with another body")
        #expect(stats.distinct == Self.sales)
        if selfKills > 0 {
            #expect(stats.replays >= 1, "sales whose answer was lost to a kill were sent again and answered with the original")
        }
        let store = try KioskStore(stateDirectory: state)
        for sale in recorded {
            #expect(Array(sale.body.utf8) == (try store.sale(id: sale.saleId))?.payload, "the backend holds the stored payload of \(sale.saleId)")
        }

        let verify = try await offPool { () -> (Int32, String) in
            let (process, out) = try Self.launch(["verify", "--state", state, "--sales", String(Self.sales)])
            let output = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: output, as: UTF8.self))
        }
        #expect(verify.0 == 0 && verify.1.contains("LEDGER OK"), "the ledger balances, every sale once, outbox empty: \(verify.1)")
        let ok = verify.0 == 0 && final.0 == 0 && recorded.count == Self.sales && stats.conflicts == 0
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("CHAOS storage-probe-sigkill: \(ok ? "ok" : "FAILED") — " + String(
            format: "%d cycles (%d killed after a backend answer, %d at random) in %.1f s (%.0f ms/cycle); %d sales, %d in the backend, %d replays answered with the original, %d conflicts",
            Self.cycles, selfKills, timedKills, seconds, seconds * 1000 / Double(max(1, Self.cycles)), Self.sales, recorded.count, stats.replays, stats.conflicts))
    }
}
