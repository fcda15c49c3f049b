import Foundation
import Testing
import TestSupport

/// The whole order flow over HTTP against the real `kioskd --simulate`: identify, checkout,
/// confirm by a second tap, close, print; with the SSE events in order.
@Suite("kiosk flows", .serialized)
struct KioskFlowTests {
    let uid = "04A1B2C3"

    /// Events a flow cares about, in order (device events and heartbeats aside).
    func flow(_ client: SSEClient) -> [String] {
        client.events.map(\.event).filter { $0 != "device" }
    }

    @Test("happy path: badge, checkout, tap again, close, footer printed, sale in the backend")
    func happyPath() async throws {
        let directory = TemporaryDirectory()
        let backend = try await LoopbackBackend.start(stateFile: directory.path + "/backend.jsonl")
        let kiosk = try await SimulatedKiosk(directory: directory, backend: backend)
        let events = try await kiosk.events()
        try await kiosk.badge(uid)
        let orderId = try await kiosk.currentOrderId()
        let checkout = try await kiosk.post("/v1/orders/\(orderId)/checkout", Baskets.checkout(Baskets.coffees))
        #expect(checkout.status == 200, "\(checkout.text)")
        #expect(checkout.json?["state"] as? String == "awaitingConfirmation")
        try await kiosk.badge(uid, present: false)
        try await kiosk.badge(uid)
        #expect(await events.waitFor("confirmed") != nil, "confirmed after the second tap: \(events.events)")
        let closed = try await kiosk.post("/v1/orders/\(orderId)/close", Baskets.close(Baskets.coffees, cents: 1230))
        #expect(closed.status == 200, "\(closed.text)")
        let loyalty = closed.json?["loyalty"] as? [String: Any]
        let footer = loyalty?["footer"] as? [String]
        #expect(footer == ["Loyalty Program", "Cumulative points: 12 (+12)", "Available reward: -5 € (reached at 500 pts)", "Current tier: Bronze"])
        #expect(await events.waitFor("printed") != nil, "the footer printed: \(events.events)")
        // The spooler prints as soon as the sale is committed, concurrently with the close's
        // answer, so `printed` and `sale-closed` may arrive in either order after `confirmed`.
        let observed = flow(events)
        #expect(Array(observed.prefix(6)) == ["badge", "identified", "confirmation-required", "badge", "badge", "confirmed"])
        #expect(observed.dropFirst(6).sorted() == ["printed", "sale-closed"], "then the sale closed and printed: \(observed)")
        let identified = try #require(events.events.first { $0.event == "identified" })
        #expect(identified.json["orderId"] as? String == orderId)
        let paper = try await kiosk.get("/v1/simulate/printer")
        #expect(paper.text.contains("Cumulative points: 12 (+12)"), "the printed footer: \(paper.text)")
        #expect(paper.text.contains("Available reward: -5 € (reached at\n500 pts)"), "wrapped at 42 columns on the 80 mm profile")
        #expect(paper.text.contains("€"), "the euro sign survives the CP858 round trip")

        let again = try await kiosk.post("/v1/orders/\(orderId)/close", Baskets.close(Baskets.coffees, cents: 1230))
        #expect(again.body == closed.body, "a repeated close answers the same")

        // The relay delivers the sale once, with the confirmed account and its ledger.
        let saleId = try #require(closed.json?["saleId"] as? String)
        var recorded: LoopbackBackend.RecordedSale?
        let deadline = ContinuousClock.now + .seconds(60)
        repeat {
            recorded = try await backend.recordedSales().first { $0.saleId == saleId }
            if recorded == nil { try await Task.sleep(for: .milliseconds(50)) }
        } while recorded == nil && ContinuousClock.now < deadline
        let sale = try #require(recorded, "the backend recorded \(saleId)")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(sale.body.utf8)) as? [String: Any])
        #expect(body["accountId"] as? String == "badge:\(uid)")
        #expect(body["confirmed"] as? Bool == true)
        #expect(body["totalCents"] as? Int == 1230)
        let ledger = body["ledger"] as? [[String: Any]] ?? []
        #expect(ledger.contains { $0["kind"] as? String == "points" && $0["reason"] as? String == "earn" && $0["amount"] as? Int == 12 }, "\(ledger)")
        #expect(try await backend.stats().recorded == 1, "relayed once")
        #expect(await kiosk.stop() == 0)
        await backend.stop()
    }

    @Test("mismatch: another badge at confirmation is refused")
    func mismatch() async throws {
        let kiosk = try await SimulatedKiosk()
        let events = try await kiosk.events()
        try await kiosk.badge(uid)
        let orderId = try await kiosk.currentOrderId()
        _ = try await kiosk.post("/v1/orders/\(orderId)/checkout", Baskets.checkout(Baskets.coffees))
        try await kiosk.badge("04FFEE01")
        let failed = try #require(await events.waitFor("confirmation-failed"), "\(events.events)")
        #expect(failed.json["reason"] as? String == "mismatch")
        #expect(failed.json["identityDropped"] as? Bool == false)
        let order = try await kiosk.get("/v1/orders/\(orderId)")
        #expect(order.json?["state"] as? String == "awaitingConfirmation")
        #expect(await kiosk.stop() == 0)
    }

    @Test("timeout: no second tap in time, the sale closes anonymously and earns nothing")
    func timeout() async throws {
        let kiosk = try await SimulatedKiosk(extraConfig: #""identity":{"confirmationTimeoutSeconds":1}"#)
        let events = try await kiosk.events()
        try await kiosk.badge(uid)
        let orderId = try await kiosk.currentOrderId()
        _ = try await kiosk.post("/v1/orders/\(orderId)/checkout", Baskets.checkout(Baskets.coffees))
        let failed = try #require(await events.waitFor("confirmation-failed"), "\(events.events)")
        #expect(failed.json["reason"] as? String == "timeout")
        let closed = try await kiosk.post("/v1/orders/\(orderId)/close", Baskets.close(Baskets.coffees, cents: 1230))
        let identity = closed.json?["identity"] as? [String: Any]
        #expect(identity?["confirmed"] as? Bool == false)
        #expect(identity?["reason"] as? String == "timeout")
        let earned = (closed.json?["loyalty"] as? [String: Any])?["earned"] as? [String: Any]
        #expect((earned?["points"] as? Int ?? 0) == 0, "nothing earned: \(closed.text)")
        let footer = (closed.json?["loyalty"] as? [String: Any])?["footer"] as? [String]
        #expect(footer == ["Loyalty Program", "Card not confirmed: no loyalty on this ticket"], "the receipt says why: \(closed.text)")
        #expect(await events.waitFor("printed") != nil, "the notice printed")
        #expect(flow(events) == ["badge", "identified", "confirmation-required", "confirmation-failed", "sale-closed", "printed"])
        #expect(await kiosk.stop() == 0)
    }

    @Test("anonymous: an order nobody identified closes and prints nothing")
    func anonymous() async throws {
        let kiosk = try await SimulatedKiosk()
        let events = try await kiosk.events()
        let created = try await kiosk.post("/v1/orders")
        #expect(created.status == 201, "\(created.text)")
        let orderId = try #require(created.json?["orderId"] as? String)
        let checkout = try await kiosk.post("/v1/orders/\(orderId)/checkout", Baskets.checkout(Baskets.coffees))
        #expect(checkout.json?["state"] as? String == "anonymous")
        let closed = try await kiosk.post("/v1/orders/\(orderId)/close", Baskets.close(Baskets.coffees, cents: 1230))
        #expect(closed.status == 200, "\(closed.text)")
        #expect((closed.json?["loyalty"] as? [String: Any])?["eligibility"] as? String == "anonymous")
        #expect((closed.json?["print"] as? [Any])?.isEmpty == true, "nothing to print")
        #expect(await events.waitFor("sale-closed") != nil)
        #expect(await kiosk.stop() == 0)
    }

    @Test("a voucher earned today is redeemed the next day")
    func voucherNextDay() async throws {
        let directory = TemporaryDirectory()
        let program = #""loyalty":{"mode":"percentage","rules":[{"family":"SOFT","percent":4}]}"#
        // Day 1: three softs earn a 0.42 € voucher, active from the next day.
        let day1 = try await SimulatedKiosk(directory: directory, loyalty: program, arguments: ["--now", "2025-03-03T10:00:00Z"])
        try await day1.badge(uid)
        var orderId = try await day1.currentOrderId()
        _ = try await day1.post("/v1/orders/\(orderId)/checkout", Baskets.checkout(Baskets.softs))
        try await day1.badge(uid, present: false)
        try await day1.badge(uid)
        let first = try await day1.post("/v1/orders/\(orderId)/close", Baskets.close(Baskets.softs, cents: 1050))
        let created = ((first.json?["loyalty"] as? [String: Any])?["vouchersCreated"] as? [[String: Any]]) ?? []
        #expect(created.count == 1, "one voucher: \(first.text)")
        let code = try #require(created.first?["code"] as? String)
        #expect(await day1.stop() == 0)

        // Day 2, same state: the voucher pays part of the ticket.
        let day2 = try await SimulatedKiosk(directory: directory, loyalty: program, arguments: ["--now", "2025-03-04T10:00:00Z"])
        let events = try await day2.events()
        try await day2.badge(uid)
        orderId = try await day2.currentOrderId()
        _ = try await day2.post("/v1/orders/\(orderId)/checkout", Baskets.checkout(Baskets.softs))
        try await day2.badge(uid, present: false)
        try await day2.badge(uid)
        #expect(await events.waitFor("confirmed") != nil)
        let redeem = try await day2.post("/v1/orders/\(orderId)/redeem", #"{"voucher":"\#(code)"}"#)
        #expect(redeem.status == 200, "redeem accepted: \(redeem.text)")
        let closed = try await day2.post("/v1/orders/\(orderId)/close", Baskets.close(Baskets.softs, cents: 1008))
        let redeemed = ((closed.json?["loyalty"] as? [String: Any])?["vouchersRedeemed"] as? [[String: Any]]) ?? []
        #expect(redeemed.first?["code"] as? String == code, "the voucher paid: \(closed.text)")
        let ticket = (closed.json?["loyalty"] as? [String: Any])?["ticket"] as? [String: Any]
        #expect(ticket?["voucherPaidCents"] as? Int == 42)
        #expect(await day2.stop() == 0)
    }
}
