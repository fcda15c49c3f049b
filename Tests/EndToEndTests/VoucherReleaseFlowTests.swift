import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// A close that redeems two vouchers, the backend taking the first and refusing the second,
/// through the real daemon: the first voucher comes back to the customer when the order is
/// cancelled, and when the daemon restarts with the order still open.
@Suite("voucher release flows", .serialized)
struct VoucherReleaseFlowTests {
    let uid = "04A1B2C3"
    let good = "5550010000019", spent = "5550010000026"
    static let program = #""loyalty":{"mode":"percentage","rules":[{"family":"SOFT","percent":4}]}"#

    /// Identifies (waiting for the account lookup), confirms, asks for both vouchers and closes:
    /// the backend refuses the second, the close answers 409. Returns the order id.
    func failingClose(_ kiosk: SimulatedKiosk, events: SSEClient) async throws -> String {
        let lookups = kiosk.daemon.lines.filter { $0.contains("account refreshed from the backend") }.count
        let confirmedBefore = events.events.filter { $0.event == "confirmed" }.count
        try await kiosk.badge(uid)
        let orderId = try await kiosk.currentOrderId()
        _ = await waitOffPool(timeout: .seconds(30)) {
            kiosk.daemon.lines.filter { $0.contains("account refreshed from the backend") }.count > lookups ? true : nil
        }
        _ = try await kiosk.post("/v1/orders/\(orderId)/checkout", Baskets.checkout(Baskets.softs))
        try await kiosk.badge(uid, present: false)
        try await kiosk.badge(uid)
        _ = await waitOffPool(timeout: .seconds(30)) { events.events.filter { $0.event == "confirmed" }.count > confirmedBefore ? true : nil }
        for code in [good, spent] {
            let redeem = try await kiosk.post("/v1/orders/\(orderId)/redeem", #"{"voucher":"\#(code)"}"#)
            #expect(redeem.status == 200, "the cached wallet has \(code): \(redeem.text)")
        }
        let closed = try await kiosk.post("/v1/orders/\(orderId)/close", Baskets.close(Baskets.softs, cents: 250))
        #expect(closed.status == 409 && closed.text.contains("redemption-refused"), "\(closed.text)")
        try await kiosk.badge(uid, present: false)
        return orderId
    }

    func waitForRelease(_ backend: LoopbackBackend) async throws -> LoopbackBackend.VoucherState? {
        let deadline = ContinuousClock.now + .seconds(60)
        var state = try await backend.voucher(code: good)
        while state?.status != "active" && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            state = try await backend.voucher(code: good)
        }
        return state
    }

    @Test("the first voucher comes back: on cancel, and on a restart with the order left open")
    func released() async throws {
        let directory = TemporaryDirectory()
        let backend = try await LoopbackBackend.start(stateFile: directory.path + "/backend.jsonl")
        try await backend.addAccount(#"""
            {"id":"acct-7","credentials":["badge:\#(uid)"],"points":0,"vouchers":[
              {"code":"\#(good)","valueCents":500,"status":"active","activeFrom":"2025-03-01T00:00:00Z"},
              {"code":"\#(spent)","valueCents":300,"status":"active","activeFrom":"2025-03-01T00:00:00Z"}]}
            """#)
        try await backend.addVoucher(code: good, accountId: "acct-7", valueCents: 500)
        try await backend.addVoucher(code: spent, accountId: "acct-7", valueCents: 300)
        try await spendElsewhere(backend)

        // 1. Cancelled order.
        var kiosk = try await SimulatedKiosk(directory: directory, loyalty: Self.program, backend: backend)
        var events = try await kiosk.events()
        let orderId = try await failingClose(kiosk, events: events)
        #expect(try await backend.voucher(code: good)?.status == "redeemed", "the backend took the first voucher")
        let cancelled = try await kiosk.post("/v1/orders/\(orderId)/cancel")
        #expect(cancelled.status == 200, "\(cancelled.text)")
        let afterCancel = try await waitForRelease(backend)
        #expect(afterCancel?.status == "active" && afterCancel?.key == nil, "released after the cancel: \(String(describing: afterCancel))")

        // 2. Order left open across a restart.
        _ = try await failingClose(kiosk, events: events)
        #expect(try await backend.voucher(code: good)?.status == "redeemed")
        #expect(await kiosk.stop() == 0)
        kiosk = try await SimulatedKiosk(directory: directory, loyalty: Self.program, backend: backend)
        events = try await kiosk.events()
        #expect(kiosk.daemon.lines.contains { $0.contains("1 voucher redemption(s) of orders left open") }, "\(kiosk.daemon.lines)")
        let afterRestart = try await waitForRelease(backend)
        #expect(afterRestart?.status == "active", "released after the restart: \(String(describing: afterRestart))")
        #expect(try await backend.voucher(code: spent)?.key?.hasPrefix("elsewhere") == true, "the other store's redemption stands")
        #expect(await kiosk.stop() == 0)
        await backend.stop()
    }

    /// Spends `spent` under another key, as another store's kiosk would have.
    func spendElsewhere(_ backend: LoopbackBackend) async throws {
        var request = URLRequest(url: backend.url.appendingPathComponent("v1/vouchers/\(spent)/redeem"))
        request.httpMethod = "POST"
        request.setValue("Bearer " + backend.token, forHTTPHeaderField: "Authorization")
        request.setValue("elsewhere:\(spent)", forHTTPHeaderField: "Idempotency-Key")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"saleId":"elsewhere","storeId":"store-B","kioskId":"kiosk-9"}"#.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200, "another store redeemed the second voucher")
    }
}
