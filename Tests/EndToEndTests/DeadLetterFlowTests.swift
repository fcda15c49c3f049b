import Foundation
import Testing
import TestSupport

/// The backend refusing a sale's key as reused with another body (422), through the real
/// daemon: the daemon surfaces it (log line, `/v1/health`, `kioskctl outbox list` on its live
/// database), keeps the sale, and a technician's retry delivers it once.
@Suite("dead letter flows", .serialized)
struct DeadLetterFlowTests {
    func outbox(_ arguments: [String]) async throws -> ProcessResult {
        try await offPool { try ProcessRunner.run(BuiltProducts.kioskctl, ["outbox"] + arguments) }
    }

    @Test("same key, different body (422): surfaced by the daemon, listed by kioskctl while it runs, retried and delivered once")
    func keyReuseSurfaced() async throws {
        let directory = TemporaryDirectory()
        let backend = try await LoopbackBackend.start(stateFile: directory.path + "/backend.jsonl")
        try await backend.setFaults([.init("422", count: 1, path: "/v1/sales")])
        let kiosk = try await SimulatedKiosk(directory: directory, backend: backend)
        let orderId = try #require(try await kiosk.post("/v1/orders").json?["orderId"] as? String)
        let closed = try await kiosk.post("/v1/orders/\(orderId)/close", Baskets.close(Baskets.coffees, cents: 1230))
        let saleId = try #require(closed.json?["saleId"] as? String, "\(closed.text)")

        let logged = await waitOffPool(timeout: .seconds(60)) {
            kiosk.daemon.lines.first { $0.contains("sale \(saleId) refused by the backend") && $0.contains("idempotency-key-reuse") }
        }
        #expect(logged?.hasPrefix("<3>") == true, "an error-level line names the sale and the reuse: \(String(describing: logged))")
        #expect(logged?.contains("kioskctl outbox retry \(saleId)") == true, "and says what to do")
        let health = try await kiosk.get("/v1/health")
        #expect((health.json?["outbox"] as? [String: Any])?["deadLetters"] as? Int == 1, "health counts it: \(health.text)")

        let state = directory.path + "/state"
        let listed = try await outbox(["list", "--state-dir", state])
        #expect(listed.status == 1, "a dead letter is a problem: \(listed.stderr)")
        #expect(listed.stdout.contains(saleId) && listed.stdout.contains("HTTP 422") && listed.stdout.contains("idempotency-key-reuse"), "\(listed.stdout)")

        let retried = try await outbox(["retry", saleId, "--state-dir", state])
        #expect(retried.status == 0, "\(retried.stderr)")
        var recorded: [String] = []
        let deadline = ContinuousClock.now + .seconds(60)
        repeat {
            recorded = try await backend.recordedSales().map(\.saleId)
            if recorded.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        } while recorded.isEmpty && ContinuousClock.now < deadline
        #expect(recorded == [saleId], "delivered once after the retry")
        let healed = try await kiosk.get("/v1/health")
        #expect((healed.json?["outbox"] as? [String: Any])?["deadLetters"] as? Int == 0, "\(healed.text)")
        #expect(await kiosk.stop() == 0)
        await backend.stop()
    }
}
