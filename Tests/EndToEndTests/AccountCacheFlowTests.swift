import Foundation
import Testing
import TestSupport

/// Cross-store accounts through the real daemon: the backend's account is used live, and
/// when the backend is unreachable the kiosk's cached copy serves identification, with the
/// footer data marked as coming from the cache.
@Suite("account cache flows", .serialized)
struct AccountCacheFlowTests {
    let uid = "04A1B2C3"

    /// How many account lookups the daemon has logged as ended.
    func lookups(_ kiosk: SimulatedKiosk) -> Int {
        kiosk.daemon.lines.filter { $0.contains("account refreshed from the backend") || $0.contains("backend account lookup failed") }.count
    }

    /// Identifies, checks out, confirms by a second tap and closes 3 coffees (12 points).
    func confirmedSale(_ kiosk: SimulatedKiosk, events: SSEClient) async throws -> LoopbackHTTPResponse {
        let confirmedBefore = events.events.filter { $0.event == "confirmed" }.count
        let lookupsBefore = lookups(kiosk)
        try await kiosk.badge(uid)
        let orderId = try await kiosk.currentOrderId()
        // The identification's account lookup runs while the customer orders; let it end.
        _ = await waitOffPool(timeout: .seconds(30)) { self.lookups(kiosk) > lookupsBefore ? true : nil }
        _ = try await kiosk.post("/v1/orders/\(orderId)/checkout", Baskets.checkout(Baskets.coffees))
        try await kiosk.badge(uid, present: false)
        try await kiosk.badge(uid)
        _ = await waitOffPool(timeout: .seconds(30)) { events.events.filter { $0.event == "confirmed" }.count > confirmedBefore ? true : nil }
        let closed = try await kiosk.post("/v1/orders/\(orderId)/close", Baskets.close(Baskets.coffees, cents: 1230))
        try await kiosk.badge(uid, present: false)
        return closed
    }

    @Test("backend reachable: live figures; backend down: the cached account serves identification, marked as from the cache")
    func cacheWhileUnreachable() async throws {
        let directory = TemporaryDirectory()
        let backend = try await LoopbackBackend.start(stateFile: directory.path + "/backend.jsonl")
        try await backend.addAccount(#"{"id":"acct-7","credentials":["badge:\#(uid)"],"points":480,"lifetimePoints":480}"#)
        let kiosk = try await SimulatedKiosk(directory: directory, backend: backend)
        let events = try await kiosk.events()

        let live = try await confirmedSale(kiosk, events: events)
        let liveLoyalty = live.json?["loyalty"] as? [String: Any]
        #expect(liveLoyalty?["accountSource"] as? String == "live", "\(live.text)")
        #expect((liveLoyalty?["footer"] as? [String])?.contains("Cumulative points: 492 (+12)") == true, "480 from the backend + 12: \(live.text)")
        let saleId = try #require(live.json?["saleId"] as? String)
        let deadline = ContinuousClock.now + .seconds(60)
        while try await backend.stats().recorded < 1 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(try await backend.stats().recorded == 1, "sale \(saleId) relayed; its answer refreshes the cache to 492")

        await backend.stop()
        let cached = try await confirmedSale(kiosk, events: events)
        #expect(cached.status == 200, "the kiosk sells with the backend down: \(cached.text)")
        let cachedLoyalty = cached.json?["loyalty"] as? [String: Any]
        #expect(cachedLoyalty?["accountSource"] as? String == "cache", "marked as from the cache: \(cached.text)")
        #expect((cachedLoyalty?["footer"] as? [String])?.contains("Cumulative points: 504 (+12)") == true,
                "the cached cross-store account (492) served identification: \(cached.text)")
        #expect(kiosk.daemon.lines.contains { $0.contains("using the cached copy") }, "the fallback is logged")
        #expect(await kiosk.stop() == 0)
    }
}
