import Foundation
import Storage
import Testing
import TestSupport

/// The real `kioskd` killed with SIGKILL while a kiosk UI closes sales through its API and
/// its relay drains them to a loopback backend; restarted on the same state directory each
/// time. Afterwards every sale is in the backend exactly once and the ledger balances.
///
/// Three kinds of cycles: a kill at a random moment (some answers delayed by the backend
/// after it recorded the sale); a kill while a backlog drains (the backend refused sales,
/// then came back); and a kill inside the window between the backend's answer and the
/// delivered mark (one request of a batch hangs after recording, the others are answered and
/// wait for the batch's commit). `CHAOS_CYCLES` sets the count (20 by default).
@Suite("kioskd SIGKILLed during closes and drains: every sale in the backend exactly once, the ledger balances", .serialized)
struct KioskdCrashTests {
    static let cycles = ProcessInfo.processInfo.environment["CHAOS_CYCLES"].flatMap(Int.init) ?? 20

    /// A crash cycle's kind.
    enum Cycle: String, CaseIterable {
        case random, drain, window
        static func of(_ index: Int) -> Cycle { index % 4 == 3 ? .window : index % 4 == 2 ? .drain : .random }
    }

    @Test("kill -9 at random points, while draining, and between the backend's answer and the delivered mark", .timeLimit(.minutes(60)))
    func killLoop() async throws {
        let directory = TemporaryDirectory(prefix: "kioskd-e2e-crash")
        let backend = try await LoopbackBackend.start(stateFile: directory.path + "/backend.jsonl")
        let tokenFile = try directory.write("backend-token", backend.token + "\n")
        let backendConfig = #""backend":{"url":"\#(backend.url.absoluteString)","tokenFile":"\#(tokenFile)","requestTimeoutMs":5000,"accountTimeoutMs":300,"outbox":{"batchSize":20,"concurrency":4,"retryInitialMs":20,"retryMaxMs":200}}"#
        let started = ContinuousClock.now
        var generator = SystemRandomNumberGenerator()
        var closes: [SaleClient.Close] = []
        var surprises: [String] = []
        var kills: [Cycle: Int] = [:]
        var caughtInWindow = 0

        for index in 0..<Self.cycles {
            let cycle = Cycle.of(index)
            let kiosk = try await SimulatedKiosk(directory: directory, backend: nil, extraConfig: backendConfig)
            let client = SaleClient(api: kiosk.api, orderSeed: index * 7)
            let orders = Task { await client.run() }
            switch cycle {
            case .random:
                // Half the time the backend delays its answer after recording the sale.
                if index % 2 == 0 { try await backend.setFaults([.init("slow", count: 2, path: "/v1/sales", afterRecord: true)]) }
                try await Task.sleep(for: .milliseconds(Int.random(in: 100...900, using: &generator)))
            case .drain:
                // The backend refuses while sales close, then comes back: killed while the backlog drains.
                try await backend.setFaults([.init("503", path: "/v1/sales")])
                try await SaleAudit.poll(until: { client.answeredCount >= 3 })
                try await backend.clearFaults()
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...300, using: &generator)))
            case .window:
                // A backlog builds up, then one request hangs after recording its sale while the
                // rest of the batch is answered: kioskd has answers it has not committed.
                try await backend.setFaults([.init("503", path: "/v1/sales")])
                try await SaleAudit.poll(until: { client.answeredCount >= 3 })
                let seen = kiosk.daemon.lines.count
                try await backend.setFaults([.init("hang", count: 1, path: "/v1/sales", afterRecord: true)])
                try await SaleAudit.poll(until: { kiosk.daemon.lines.dropFirst(seen).contains { $0.contains(": delivered(") } })
            }
            kiosk.daemon.send(SIGKILL)
            _ = await kiosk.daemon.waitForExit()
            await orders.value
            if kiosk.daemon.process.terminationReason == .uncaughtSignal { kills[cycle, default: 0] += 1 }
            try await backend.clearFaults()
            closes += client.closes
            surprises += client.surprises
            // Sales the backend recorded that this kiosk had not marked delivered when it died.
            let recorded = Set(try await backend.recordedSales().map(\.saleId))
            let store = try KioskStore(stateDirectory: directory.path + "/state")
            caughtInWindow += try store.outbox.entries(state: .pending).filter { recorded.contains($0.saleId) }.count
        }
        let killed = ContinuousClock.now - started

        // A last run, left alone: a few more sales, then the outbox drains and kioskd stops cleanly.
        let kiosk = try await SimulatedKiosk(directory: directory, backend: nil, extraConfig: backendConfig)
        let client = SaleClient(api: kiosk.api, orderSeed: 3)
        await client.run(limit: 2 * SaleClient.customers.count)
        closes += client.closes
        surprises += client.surprises
        try await SaleAudit.waitForEmptyOutbox(kiosk)
        let health = try await kiosk.get("/v1/health")
        #expect(health.status == 200, "kioskd is healthy after the crashes: \(health.text)")
        #expect(await kiosk.stop() == 0, "kioskd stops cleanly")

        #expect(surprises.isEmpty, "no request failed other than by the kill: \(surprises)")
        #expect(kills.values.reduce(0, +) == Self.cycles, "every cycle ended in a SIGKILL: \(kills)")
        if Self.cycles >= 4 {
            #expect(caughtInWindow > 0, "some kills landed between the backend's answer and the delivered mark")
        }

        let store = try KioskStore(stateDirectory: directory.path + "/state")
        let figures = try await SaleAudit.verify(store: store, backend: backend, closes: closes)
        let elapsed = seconds(killed)
        let status = figures.problems == 0 && surprises.isEmpty ? "ok" : "FAILED"
        print("CHAOS kioskd-sigkill: \(status) — " + String(
            format: "%d cycles (%d random, %d while draining, %d in the answer window) in %.1f s (%.0f ms/cycle); %d closes attempted, %d answered, %d answers lost to a kill, %d sales recorded, %d caught recorded-not-delivered; %d duplicates, %d conflicts, %d problems",
            Self.cycles, kills[.random] ?? 0, kills[.drain] ?? 0, kills[.window] ?? 0,
            elapsed, elapsed * 1000 / Double(max(1, Self.cycles)), closes.count, figures.answered, figures.lostAnswers, figures.recorded,
            caughtInWindow, figures.duplicates, figures.conflicts, figures.problems))
        await backend.stop()
    }
}
