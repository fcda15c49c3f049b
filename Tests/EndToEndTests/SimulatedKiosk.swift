import Foundation
import Testing
import TestSupport

/// The real `kioskd --simulate` on a free port with its state in a temporary folder, and the
/// clients a test drives it with.
final class SimulatedKiosk: @unchecked Sendable {
    let directory: TemporaryDirectory
    let daemon: KioskdProcess
    let port: UInt16
    let token: String
    var api: LoopbackHTTPClient { LoopbackHTTPClient(endpoint: .tcp(port: port), token: token) }

    /// The seed's points program: 1 point per euro, Bronze/Silver/Gold, -5 € at 500 points.
    static let pointsProgram = """
        "loyalty":{"mode":"points","pointsPerEuro":1,
          "tiers":[{"id":"bronze","name":"Bronze","threshold":0},{"id":"silver","name":"Silver","threshold":500},
                   {"id":"gold","name":"Gold","threshold":1500,"multiplier":2}],
          "rewards":[{"id":"five-euros","kind":"amountOff","amountCents":500,"cost":500}]}
        """

    /// Starts kioskd with `loyalty` (a `"loyalty": {…}` member) and `extraConfig` (other JSON
    /// members) added to the base configuration.
    init(
        directory: TemporaryDirectory = TemporaryDirectory(), loyalty: String = SimulatedKiosk.pointsProgram,
        backend: LoopbackBackend? = nil, extraConfig: String = "", arguments: [String] = []
    ) async throws {
        self.directory = directory
        var extraConfig = extraConfig
        if let backend {
            let tokenFile = try directory.write("backend-token", backend.token + "\n")
            let member = #""backend":{"url":"\#(backend.url.absoluteString)","tokenFile":"\#(tokenFile)","outbox":{"retryInitialMs":50,"retryMaxMs":500}}"#
            extraConfig = extraConfig.isEmpty ? member : extraConfig + ",\n" + member
        }
        let config = """
            {"kioskId":"kiosk-e2e","storeId":"store-e2e","timeZone":"Europe/Brussels","language":"en",
             \(loyalty),
             "stateDirectory":"\(directory.path)/state",
             "api":{"listen":"127.0.0.1:0","unixSocket":"\(directory.path)/api.sock"}\(extraConfig.isEmpty ? "" : ",\n" + extraConfig)}
            """
        let path = try directory.write("kioskd.json", config)
        daemon = try KioskdProcess(arguments: ["--simulate", "--log-level", "debug", "--config", path] + arguments, directory: directory.path)
        let line = try #require(await daemon.waitForLine(containing: "API listening on http://127.0.0.1:"), "kioskd started: \(daemon.lines)")
        let portText = line.components(separatedBy: "http://127.0.0.1:")[1].prefix { $0.isNumber }
        port = try #require(UInt16(portText))
        token = try String(contentsOfFile: directory.path + "/state/api-token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// An event stream client (authenticated with the bearer header).
    func events() async throws -> SSEClient {
        let client = try SSEClient(endpoint: .tcp(port: port), token: token)
        #expect(await client.waitUntilOpen() == 200, "the event stream opens")
        return client
    }

    /// Stops kioskd with SIGTERM; returns its exit status.
    func stop() async -> Int32? {
        daemon.send(SIGTERM)
        return await daemon.waitForExit()
    }

    func post(_ path: String, _ json: String = "{}") async throws -> LoopbackHTTPResponse {
        try await api.request("POST", path, json: json)
    }

    func get(_ path: String) async throws -> LoopbackHTTPResponse {
        try await api.request("GET", path)
    }

    /// `POST /v1/simulate/badge`.
    func badge(_ uid: String, present: Bool = true) async throws {
        let response = try await post("/v1/simulate/badge", #"{"uid":"\#(uid)","present":\#(present)}"#)
        #expect(response.status == 202, "badge accepted: \(response.text)")
    }

    /// The active order's id.
    func currentOrderId() async throws -> String {
        let response = try await get("/v1/orders/current")
        return try #require(response.json?["orderId"] as? String, "an active order: \(response.text)")
    }
}

/// Baskets used by the flows.
enum Baskets {
    /// 3 coffees at 4.10 € (6 % VAT): 12.30 €, 12 points at 1 pt/€.
    static let coffees = #"{"lines":[{"sku":"COFFEE","name":"Coffee","family":"HOT","quantity":3,"unitPriceCents":410,"vatRate":6}]}"#
    /// 3 soft drinks at 3.50 €: 4 % → a 0.42 € voucher in percentage mode.
    static let softs = #"{"lines":[{"sku":"SOFT","name":"Soft drink","family":"SOFT","quantity":3,"unitPriceCents":350,"vatRate":6}]}"#

    static func checkout(_ basket: String) -> String { #"{"basket":\#(basket)}"# }
    static func close(_ basket: String, cents: Int) -> String {
        #"{"basket":\#(basket),"payments":[{"method":"card","amountCents":\#(cents)}]}"#
    }
}
