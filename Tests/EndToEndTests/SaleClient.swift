import Foundation
import Synchronization
import TestSupport

/// A kiosk UI that closes sales through the real API as fast as it can, for the crash and
/// chaos tests: confirmed orders for a few customers (badge, checkout, badge off and on,
/// close) and every fourth order anonymous. It keeps going until the daemon stops answering
/// (killed) or `stop()`, and remembers what every close attempt got.
final class SaleClient: Sendable {
    /// One close the client attempted.
    struct Close: Sendable {
        let saleId: String
        /// `badge:<uid>` for a confirmed order, nil for an anonymous one.
        let accountId: String?
        /// The HTTP status, or nil when the daemon died before answering.
        let status: Int?
        /// `loyalty.earned.points` and `loyalty.accountAfter.balance` of a 2xx answer.
        let earned: Int?
        let balanceAfter: Int?
        /// The answer's body (for messages).
        let body: String
    }

    /// Badge UIDs of the customers (4-byte UIDs); their account ids are `badge:<uid>`.
    static let customers = ["04C0FE01", "04C0FE02", "04C0FE03", "04C0FE04", "04C0FE05"]

    private let api: LoopbackHTTPClient
    private let log = Mutex<[Close]>([])
    private let unexpected = Mutex<[String]>([])
    private let stopped = Atomic<Bool>(false)
    private let orderSeed: Int

    /// - Parameter orderSeed: where the customer rotation starts (so cycles spread over customers).
    init(api: LoopbackHTTPClient, orderSeed: Int) {
        self.api = api
        self.orderSeed = orderSeed
    }

    /// Every close attempted so far, in order.
    var closes: [Close] { log.withLock { $0 } }
    /// Answers no kiosk UI should ever get (a 4xx/5xx other than from a dying daemon).
    var surprises: [String] { unexpected.withLock { $0 } }
    /// Closes answered 2xx so far.
    var answeredCount: Int { log.withLock { $0.filter { ($0.status ?? 0) / 100 == 2 }.count } }

    /// Stops after the order in progress.
    func stop() { stopped.store(true, ordering: .relaxed) }

    /// Runs orders until the daemon stops answering, `stop()` is called, or `limit` orders closed.
    func run(limit: Int = .max) async {
        var order = orderSeed
        var done = 0
        while !stopped.load(ordering: .relaxed) && done < limit {
            do {
                if order % 4 == 3 {
                    try await anonymousOrder(quantity: 1 + order % 3)
                } else {
                    try await confirmedOrder(uid: Self.customers[order % Self.customers.count], quantity: 1 + order % 4)
                }
            } catch {
                return  // the daemon is gone (connection refused or reset)
            }
            order += 1
            done += 1
        }
    }

    /// 4.10 € coffees: 4 points each at 1 point per euro.
    static func basket(quantity: Int) -> String {
        #"{"lines":[{"sku":"COFFEE","name":"Coffee","family":"HOT","quantity":\#(quantity),"unitPriceCents":410,"vatRate":6}]}"#
    }

    private func confirmedOrder(uid: String, quantity: Int) async throws {
        try await expect(202, "POST", "/v1/simulate/badge", #"{"uid":"\#(uid)","present":true}"#)
        let current = try await api.request("GET", "/v1/orders/current")
        guard current.status == 200, let orderId = current.json?["orderId"] as? String, let saleId = current.json?["saleId"] as? String else {
            return note("GET /v1/orders/current: \(current.status) \(current.text)")
        }
        let basket = Self.basket(quantity: quantity)
        try await expect(200, "POST", "/v1/orders/\(orderId)/checkout", #"{"basket":\#(basket)}"#)
        try await expect(202, "POST", "/v1/simulate/badge", #"{"uid":"\#(uid)","present":false}"#)
        try await expect(202, "POST", "/v1/simulate/badge", #"{"uid":"\#(uid)","present":true}"#)
        try await close(orderId: orderId, saleId: saleId, accountId: "badge:\(uid)", basket: basket, cents: 410 * quantity)
        try await expect(202, "POST", "/v1/simulate/badge", #"{"uid":"\#(uid)","present":false}"#)
    }

    private func anonymousOrder(quantity: Int) async throws {
        let created = try await api.request("POST", "/v1/orders", json: "{}")
        guard created.status == 201, let orderId = created.json?["orderId"] as? String else {
            return note("POST /v1/orders: \(created.status) \(created.text)")
        }
        let saleId = (created.json?["saleId"] as? String) ?? "store-e2e.kiosk-e2e.\(orderId)"
        let basket = Self.basket(quantity: quantity)
        try await expect(200, "POST", "/v1/orders/\(orderId)/checkout", #"{"basket":\#(basket)}"#)
        try await close(orderId: orderId, saleId: saleId, accountId: nil, basket: basket, cents: 410 * quantity)
    }

    private func close(orderId: String, saleId: String, accountId: String?, basket: String, cents: Int) async throws {
        let body = #"{"basket":\#(basket),"payments":[{"method":"card","amountCents":\#(cents)}]}"#
        let response: LoopbackHTTPResponse
        do {
            response = try await api.request("POST", "/v1/orders/\(orderId)/close", json: body)
        } catch {
            log.withLock { $0.append(Close(saleId: saleId, accountId: accountId, status: nil, earned: nil, balanceAfter: nil, body: "\(error)")) }
            throw error
        }
        let loyalty = response.json?["loyalty"] as? [String: Any]
        let earned = (loyalty?["earned"] as? [String: Any])?["points"] as? Int
        let balance = (loyalty?["accountAfter"] as? [String: Any])?["balance"] as? Int
        log.withLock {
            $0.append(Close(saleId: saleId, accountId: accountId, status: response.status, earned: earned, balanceAfter: balance, body: response.text))
        }
        if response.status != 200 { note("close \(saleId): \(response.status) \(response.text)") }
    }

    private func expect(_ status: Int, _ method: String, _ path: String, _ json: String) async throws {
        let response = try await api.request(method, path, json: json)
        if response.status != status { note("\(method) \(path): \(response.status) \(response.text)") }
    }

    private func note(_ text: String) { unexpected.withLock { $0.append(text) } }
}
