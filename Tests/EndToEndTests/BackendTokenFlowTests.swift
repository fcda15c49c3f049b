import Foundation
import Testing
import TestSupport

/// The real `kioskd --simulate` relaying to the loopback backend when its backend token is not
/// there yet: it sells, holds the outbox, says why, and relays once the token file appears.
@Suite("backend token flows", .serialized)
struct BackendTokenFlowTests {
    @Test("no backend token yet: sales close and stay queued, health says why, nothing is sent; the token file's arrival releases them")
    func heldUntilTokenArrives() async throws {
        let directory = TemporaryDirectory()
        let backend = try await LoopbackBackend.start(stateFile: directory.path + "/backend.jsonl")
        let tokenFile = directory.path + "/credentials/backend-token"
        try FileManager.default.createDirectory(atPath: directory.path + "/credentials", withIntermediateDirectories: true)
        let member = #""backend":{"url":"\#(backend.url.absoluteString)","tokenFile":"\#(tokenFile)","outbox":{"retryInitialMs":50,"retryMaxMs":500}}"#
        let kiosk = try await SimulatedKiosk(directory: directory, extraConfig: member)
        #expect(kiosk.daemon.lines.contains { $0.contains("nothing is sent to the backend") && $0.contains(tokenFile) },
                "the start-up log says why: \(kiosk.daemon.lines)")

        var saleIds: [String] = []
        for _ in 0..<2 {
            let created = try await kiosk.post("/v1/orders")
            let orderId = try #require(created.json?["orderId"] as? String, "\(created.text)")
            let closed = try await kiosk.post("/v1/orders/\(orderId)/close", Baskets.close(Baskets.coffees, cents: 1230))
            #expect(closed.status == 200, "a kiosk without a backend token still sells: \(closed.text)")
            saleIds.append(try #require(closed.json?["saleId"] as? String))
        }
        let health = try await kiosk.get("/v1/health")
        let backendHealth = health.json?["backend"] as? [String: Any]
        #expect(backendHealth?["state"] as? String == "held", "health: \(health.text)")
        #expect((backendHealth?["reason"] as? String)?.contains(tokenFile) == true, "the reason names the token file: \(health.text)")
        try? await Task.sleep(for: .milliseconds(500))
        let before = try await backend.stats()
        #expect(before.salePosts == 0 && before.unauthorized == 0 && before.accountLookups == 0,
                "no unauthenticated request left the kiosk: \(before)")

        // The technician installs the token; the daemon notices without a restart.
        let temporary = directory.path + "/credentials/.backend-token.new"
        try (backend.token + "\n").write(toFile: temporary, atomically: false, encoding: .utf8)
        try FileManager.default.moveItem(atPath: temporary, toPath: tokenFile)
        var recorded: [String] = []
        let deadline = ContinuousClock.now + .seconds(60)
        repeat {
            recorded = try await backend.recordedSales().map(\.saleId)
            if recorded.count < 2 { try await Task.sleep(for: .milliseconds(50)) }
        } while recorded.count < 2 && ContinuousClock.now < deadline
        #expect(recorded.sorted() == saleIds.sorted(), "both sales relayed once the token arrived")
        let after = try await backend.stats()
        #expect(after.recorded == 2 && after.unauthorized == 0, "\(after)")
        let healed = try await kiosk.get("/v1/health")
        #expect((healed.json?["backend"] as? [String: Any])?["state"] as? String == "ok", "\(healed.text)")
        #expect(!kiosk.daemon.lines.joined().contains(backend.token), "the token is never logged")
        #expect(await kiosk.stop() == 0)
        await backend.stop()
    }
}
