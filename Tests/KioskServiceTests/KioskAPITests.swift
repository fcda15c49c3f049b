import Foundation
import Identity
import Loyalty
import Receipt
import Storage
import StrictJSON
import Testing
import TestSupport
@testable import KioskService

/// The routes over real parts (SQLite store, order book, sale desk), without the HTTP layer.
@Suite("KioskAPI")
struct KioskAPITests {
    let directory = TemporaryDirectory()
    let sink = RecordingEventSink()

    func api(policy: IdentityPolicy = IdentityPolicy()) throws -> (KioskAPI, KioskStore) {
        let config = KioskConfig.embeddedDefaults()
        let store = try KioskStore(stateDirectory: directory.path)
        let executor = BlockingExecutor(label: "test-store")
        let clock = KioskClock()
        let orders = OrderBook(policy: policy, kioskId: "kiosk-1", storeId: "store-1", events: sink, clock: clock)
        let desk = SaleDesk(
            configuration: .init(kioskId: "kiosk-1", storeId: "store-1", timeZone: config.timeZone, storeLanguage: .en,
                                 program: config.loyalty, printerProfile: .epson80mm),
            store: store, executor: executor, clock: clock)
        let devices = DeviceStatusBoard(events: sink)
        devices.update("badgeReader", DeviceStatus(state: "simulated"))
        let health = HealthReporter(devices: devices, store: store, executor: executor, loyaltyConfigured: true, mode: "simulation", backend: { ["state": "unconfigured"] })
        let simulation = SimulatedDevices(paperFile: directory.path + "/paper.bin", profile: .epson80mm)
        let logger = Logger(label: "test", level: .critical, sink: LogSink())
        return (KioskAPI(orders: orders, desk: desk, health: health, events: sink, simulation: simulation, screen: nil, logger: logger), store)
    }

    func post(_ api: KioskAPI, _ path: String, _ body: String = "{}") async -> APIResponse {
        await api.handle(APIRequest(method: "POST", path: path.split(separator: "/").map(String.init), body: Array(body.utf8)))
    }

    func get(_ api: KioskAPI, _ path: String) async -> APIResponse {
        await api.handle(APIRequest(method: "GET", path: path.split(separator: "/").map(String.init)))
    }

    func object(_ response: APIResponse) -> JSONObject? {
        if case .json(.object(let object), _) = response { return object }
        return nil
    }

    let basket = #"{"basket":{"lines":[{"sku":"COFFEE","quantity":3,"unitPriceCents":410,"vatRate":6}]}}"#
    var closeBody: String { String(basket.dropLast()) + #","payments":[{"method":"card","amountCents":1230}]}"# }

    @Test("badge, checkout, second tap, close: a confirmed sale with its footer, events in order")
    func happyPath() async throws {
        let (api, store) = try api()
        _ = await post(api, "/v1/simulate/badge", #"{"uid":"04a1b2c3","present":true}"#)
        let current = try #require(object(await get(api, "/v1/orders/current")))
        guard case .string(let orderId)? = current["orderId"] else { Issue.record("an order was opened"); return }
        let checkout = object(await post(api, "/v1/orders/\(orderId)/checkout", basket))
        #expect(checkout?["state"] == "awaitingConfirmation")
        _ = await post(api, "/v1/simulate/badge", #"{"uid":"04A1B2C3","present":false}"#)
        _ = await post(api, "/v1/simulate/badge", #"{"uid":"04A1B2C3","present":true}"#)
        let closed = await post(api, "/v1/orders/\(orderId)/close", closeBody)
        let answer = try #require(object(closed), "close answers JSON: \(closed)")
        guard case .object(let loyalty)? = answer["loyalty"] else { Issue.record("loyalty in \(answer)"); return }
        #expect(loyalty["footer"] == ["Loyalty Program", "Cumulative points: 12 (+12)", "Available reward: -5 € (reached at 500 pts)", "Current tier: Bronze"])
        #expect(sink.names.filter { $0 != "badge" && $0 != "device" } == ["identified", "confirmation-required", "confirmed", "sale-closed"])
        #expect(try store.saleCount() == 1)

        let again = await post(api, "/v1/orders/\(orderId)/close", closeBody)
        #expect(again == closed, "a repeated close answers the same")
        #expect(try store.saleCount() == 1)
        #expect(object(await get(api, "/v1/orders/\(orderId)"))?["state"] == "closed")
    }

    @Test("errors name what went wrong", arguments: [
        ("POST", "/v1/orders/o-nope/cancel", "{}", 404, "order-not-found"),
        ("GET", "/v1/orders/current", "", 404, "no-active-order"),
        ("DELETE", "/v1/orders", "", 405, "method-not-allowed"),
        ("POST", "/v1/simulate/badge", #"{"uid":"xyz"}"#, 400, "invalid-body"),
        ("POST", "/v1/simulate/scan", #"{"code":"1","extra":1}"#, 400, "invalid-body"),
        ("GET", "/v2/nothing", "", 404, "not-found"),
    ])
    func errors(method: String, path: String, body: String, status: Int, code: String) async throws {
        let (api, _) = try api()
        let response = await api.handle(APIRequest(method: method, path: path.split(separator: "/").map(String.init), body: Array(body.utf8)))
        guard case .error(let gotStatus, let gotCode, _) = response else { Issue.record("an error for \(method) \(path): \(response)"); return }
        #expect(gotStatus == status)
        #expect(gotCode == code)
    }

    @Test("a bad basket names its key path")
    func badBasket() async throws {
        let (api, _) = try api()
        guard case .string(let id)? = object(await post(api, "/v1/orders"))?["orderId"] else { Issue.record("order"); return }
        let response = await post(api, "/v1/orders/\(id)/checkout", #"{"basket":{"lines":[{"sku":"A","quantity":0,"unitPriceCents":1}]}}"#)
        guard case .error(400, "invalid-body", let message) = response else { Issue.record("400: \(response)"); return }
        #expect(message.hasPrefix("basket.lines[0].quantity: "), "\(message)")
    }

    @Test("redeem is refused before confirmation")
    func redeemBeforeConfirmation() async throws {
        let (api, _) = try api()
        _ = await post(api, "/v1/simulate/badge", #"{"uid":"04A1B2C3"}"#)
        guard case .string(let id)? = object(await get(api, "/v1/orders/current"))?["orderId"] else { Issue.record("order"); return }
        let response = await post(api, "/v1/orders/\(id)/redeem", #"{"reward":"five-euros"}"#)
        guard case .error(409, "invalid-state", _) = response else { Issue.record("409: \(response)"); return }
    }

    @Test("health shows devices, outbox and loyalty, never a customer")
    func health() async throws {
        let (api, _) = try api()
        _ = await post(api, "/v1/simulate/badge", #"{"uid":"04A1B2C3"}"#)
        let response = await get(api, "/v1/health")
        guard case .json(let json, 200) = response else { Issue.record("200: \(response)"); return }
        let text = JSONWriter.string(json)
        #expect(text.contains(#""loyalty":{"available":true}"#), "\(text)")
        #expect(text.contains(#""outbox":{"pending":0,"deadLetters":0}"#), "\(text)")
        #expect(!text.contains("04A1B2C3"), "no credential in health: \(text)")
    }
}
