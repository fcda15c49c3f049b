import Foundation
import Storage
import Testing
import TestSupport

/// The real `kioskd` relaying to a backend that fails in every way while a kiosk UI closes
/// sales: after each fault clears, the outbox drains, every sale is in the backend exactly once,
/// the ledger balances and kioskd is healthy. `KIOSKD_CHAOS=1` holds each fault longer
/// (`CHAOS_FAULT_MS`, default 3,000 ms instead of 400) and repeats the list (`CHAOS_ROUNDS`, default 3).
@Suite("kioskd through backend faults: exactly once, ledger balanced, healthy", .serialized)
struct KioskdBackendFaultTests {
    static let environment = ProcessInfo.processInfo.environment
    static let chaos = environment["KIOSKD_CHAOS"] == "1"
    static let faultMilliseconds = environment["CHAOS_FAULT_MS"].flatMap(Int.init) ?? (chaos ? 3_000 : 400)
    static let rounds = environment["CHAOS_ROUNDS"].flatMap(Int.init) ?? (chaos ? 3 : 1)

    /// Faults as the backend serves them: before recording the sale, or after (the answer is lost).
    static let faults: [(name: String, faults: [LoopbackBackend.Fault])] = [
        ("503", [.init("503", path: "/v1/sales")]),
        ("500", [.init("500", path: "/v1/sales")]),
        ("hang", [.init("hang")]),
        ("reset", [.init("reset")]),
        ("garbage", [.init("garbage", path: "/v1/sales")]),
        ("captive-portal-200", [.init("garbage200", path: "/v1/sales")]),
        ("slow", [.init("slow")]),
        ("answer-lost-reset", [.init("reset", path: "/v1/sales", afterRecord: true)]),
        ("answer-lost-hang", [.init("hang", path: "/v1/sales", afterRecord: true)]),
        ("answer-lost-garbage", [.init("garbage", path: "/v1/sales", afterRecord: true)]),
    ]

    @Test("503, 500, hangs, resets, garbage, a captive portal, slow answers and lost answers, each while sales close")
    func faultsWhileClosing() async throws {
        let directory = TemporaryDirectory(prefix: "kioskd-e2e-backend")
        let backend = try await LoopbackBackend.start(stateFile: directory.path + "/backend.jsonl")
        let tokenFile = try directory.write("backend-token", backend.token + "\n")
        let config = #""backend":{"url":"\#(backend.url.absoluteString)","tokenFile":"\#(tokenFile)","requestTimeoutMs":1000,"accountTimeoutMs":300,"outbox":{"batchSize":20,"concurrency":4,"retryInitialMs":20,"retryMaxMs":300}}"#
        let kiosk = try await SimulatedKiosk(directory: directory, backend: nil, extraConfig: config)
        let store = try KioskStore(stateDirectory: directory.path + "/state")
        var closes: [SaleClient.Close] = []
        var order = 0
        for round in 0..<Self.rounds {
            for (name, faults) in Self.faults {
                let before = try await backend.stats()
                let client = SaleClient(api: kiosk.api, orderSeed: order)
                let orders = Task { await client.run() }
                try await backend.setFaults(faults)
                try await Task.sleep(for: .milliseconds(Self.faultMilliseconds))
                try await backend.clearFaults()
                let cleared = ContinuousClock.now
                client.stop()
                await orders.value
                order += client.closes.count
                closes += client.closes
                try await SaleAudit.waitForEmptyOutbox(kiosk)
                let drained = ContinuousClock.now - cleared
                let served = try await backend.stats().faultsServed - before.faultsServed
                let health = try await kiosk.get("/v1/health")
                let figures = try await SaleAudit.verify(store: store, backend: backend, closes: closes)
                #expect(client.surprises.isEmpty, "\(name): every close was answered 2xx: \(client.surprises)")
                #expect(served > 0, "\(name): the backend served the fault")
                #expect(health.status == 200, "\(name): kioskd is healthy: \(health.text)")
                let ok = figures.problems == 0 && client.surprises.isEmpty && served > 0 && health.status == 200
                print("CHAOS backend-\(name)\(Self.rounds > 1 ? " (round \(round + 1))" : ""): \(ok ? "ok" : "FAILED") — "
                      + String(format: "%d faults served in %d ms, %d closes answered during the fault (all 2xx), outbox drained %.1f s after it cleared; %d sales in the backend, %d duplicates, %d conflicts",
                               served, Self.faultMilliseconds, client.answeredCount, seconds(drained), figures.recorded, figures.duplicates, figures.conflicts))
            }
        }
        #expect(await kiosk.stop() == 0, "kioskd stops cleanly")
        await backend.stop()
    }
}
