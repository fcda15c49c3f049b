import Foundation
import Testing
import TestSupport

/// The documents the real daemon relays, as the loopback backend received them, validated
/// against the `Sale` schema of docs/backend-api.yaml (scripts/validate-schema: OpenAPI 3.0
/// rules, formats checked).
@Suite("relay documents against docs/backend-api.yaml", .serialized)
struct RelayDocumentSchemaTests {
    static func validate(_ schema: String, _ files: [String]) throws -> (status: Int32, output: String) {
        let root = BuiltProducts.packageRoot
        let result = try ProcessRunner.run(URL(fileURLWithPath: "/bin/bash"), [root.appendingPathComponent("scripts/validate-schema").path, schema] + files,
                                           currentDirectory: root)
        return (result.status, result.stdout + result.stderr)
    }

    @Test("a confirmed sale that creates a voucher and an anonymous sale, as relayed, are valid `Sale` documents; a broken one is not",
          .timeLimit(.minutes(5)))
    func relayedSalesMatchTheSchema() async throws {
        let directory = TemporaryDirectory()
        let backend = try await LoopbackBackend.start(stateFile: directory.path + "/backend.jsonl")
        let program = #""loyalty":{"mode":"percentage","rules":[{"family":"SOFT","percent":4}]}"#
        let kiosk = try await SimulatedKiosk(directory: directory, loyalty: program, backend: backend)
        let events = try await kiosk.events()
        let uid = "04A1B2C3"
        try await kiosk.badge(uid)
        var orderId = try await kiosk.currentOrderId()
        _ = try await kiosk.post("/v1/orders/\(orderId)/checkout", Baskets.checkout(Baskets.softs))
        try await kiosk.badge(uid, present: false)
        try await kiosk.badge(uid)
        #expect(await events.waitFor("confirmed") != nil)
        let confirmed = try await kiosk.post("/v1/orders/\(orderId)/close", Baskets.close(Baskets.softs, cents: 1050))
        #expect(confirmed.status == 200, "\(confirmed.text)")
        try await kiosk.badge(uid, present: false)
        orderId = try #require(try await kiosk.post("/v1/orders").json?["orderId"] as? String)
        let anonymous = try await kiosk.post("/v1/orders/\(orderId)/close", Baskets.close(Baskets.coffees, cents: 1230))
        #expect(anonymous.status == 200, "\(anonymous.text)")

        var recorded: [LoopbackBackend.RecordedSale] = []
        let deadline = ContinuousClock.now + .seconds(60)
        repeat {
            recorded = try await backend.recordedSales()
            if recorded.count < 2 { try await Task.sleep(for: .milliseconds(50)) }
        } while recorded.count < 2 && ContinuousClock.now < deadline
        #expect(recorded.count == 2, "both sales relayed")
        #expect(recorded.contains { $0.body.contains(#""vouchersCreated":[{"code":"555"#) }, "a created voucher is in a relayed document")
        var files: [String] = []
        for (index, sale) in recorded.enumerated() { files.append(try directory.write("sale-\(index).json", sale.body)) }
        let written = files
        let result = try await offPool { try Self.validate("Sale", written) }
        #expect(result.status == 0, "the relayed documents follow the `Sale` schema: \(result.output)")

        // The validator really checks: the same document without its store, with text cents.
        let broken = recorded[0].body.replacingOccurrences(of: #""storeId":"store-e2e","#, with: "")
            .replacingOccurrences(of: #""totalCents":"#, with: #""totalCents":"x","was":"#)
        #expect(broken != recorded[0].body)
        let rejected = try await offPool { try Self.validate("Sale", [try directory.write("broken.json", broken)]) }
        #expect(rejected.status != 0 && rejected.output.contains("storeId"), "\(rejected.output)")
        #expect(await kiosk.stop() == 0)
        await backend.stop()
    }
}
