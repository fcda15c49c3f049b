import Foundation
import Testing
import TestSupport

/// The security gate as the real daemon applies it, on its real listeners.
@Suite("API security", .serialized)
struct APISecurityTests {
    @Test("token, Host, Origin and size limits are enforced; 1,000 malformed requests leave it healthy")
    func gate() async throws {
        let kiosk = try await SimulatedKiosk()
        var anonymous = kiosk.api
        anonymous.token = nil
        #expect(try await anonymous.request("GET", "/v1/health").status == 200, "health needs no token")
        let noToken = try await anonymous.request("GET", "/v1/orders/current")
        #expect(noToken.status == 401)
        #expect(noToken.json?["error"] != nil, "errors are JSON: \(noToken.text)")
        var wrong = kiosk.api
        wrong.token = String(repeating: "0", count: 64)
        #expect(try await wrong.request("GET", "/v1/orders/current").status == 401)

        var rebound = kiosk.api
        rebound.host = "attacker.example:\(kiosk.port)"
        #expect(try await rebound.request("GET", "/v1/health").status == 421, "a foreign Host is refused (DNS rebinding)")

        let foreign = try await kiosk.api.request("POST", "/v1/orders", json: "{}", headers: ["Origin": "http://attacker.example"])
        #expect(foreign.status == 403)
        let null = try await kiosk.api.request("POST", "/v1/orders", json: "{}", headers: ["Origin": "null"])
        #expect(null.status == 403)
        let own = try await kiosk.api.request("POST", "/v1/orders", json: "{}", headers: ["Origin": "http://localhost:\(kiosk.port)"])
        #expect(own.status == 201, "the API's own origin is allowed: \(own.text)")

        let big = try await kiosk.api.request("POST", "/v1/simulate/scan", json: #"{"code":""# + String(repeating: "9", count: 70_000) + #""}"#)
        #expect(big.status == 413)
        let headers = try await kiosk.api.request("GET", "/v1/health", headers: ["X-Padding": String(repeating: "a", count: 20_000)])
        #expect(headers.status == 431)
        let form = try await kiosk.api.request("POST", "/v1/orders", headers: ["Content-Type": "text/plain"])
        #expect(form.status == 415 || form.status == 409, "a state change without JSON is refused: \(form.status)")

        for i in 0..<1000 {
            let garbage: [UInt8] = i % 2 == 0 ? Array("GARBAGE \(i)\r\n\r\n".utf8) : Array("GET /v1/health HTTP/9.9\r\nHost: x\r\n\r\n".utf8)
            _ = try? await kiosk.api.raw(garbage, timeout: .seconds(10))
        }
        let health = try await anonymous.request("GET", "/v1/health")
        #expect(health.status == 200, "healthy after 1,000 malformed requests")
        #expect(await kiosk.stop() == 0)
    }

    @Test("kioskctl token rotate: the running daemon drops the old token and takes the new one")
    func tokenRotation() async throws {
        let kiosk = try await SimulatedKiosk()
        #expect(try await kiosk.get("/v1/orders/current").status == 404, "the first token works")
        let rotate = try ProcessRunner.run(BuiltProducts.kioskctl, ["token", "rotate", "--token-file", kiosk.directory.path + "/state/api-token"])
        #expect(rotate.status == 0, "\(rotate)")
        let fresh = try String(contentsOfFile: kiosk.directory.path + "/state/api-token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(fresh != kiosk.token)
        var rotated = kiosk.api
        rotated.token = fresh
        var status = 0
        let deadline = ContinuousClock.now + .seconds(30)
        repeat {
            status = try await rotated.request("GET", "/v1/orders/current").status
            if status == 401 { try await Task.sleep(for: .milliseconds(50)) }
        } while status == 401 && ContinuousClock.now < deadline
        #expect(status == 404, "the new token is accepted")
        #expect(try await kiosk.get("/v1/orders/current").status == 401, "the old token is refused")
        #expect(await kiosk.stop() == 0)
    }

    @Test("the unix socket serves the same API")
    func unixSocket() async throws {
        let kiosk = try await SimulatedKiosk()
        let client = LoopbackHTTPClient(endpoint: .unix(path: kiosk.directory.path + "/api.sock"), token: kiosk.token)
        let health = try await client.request("GET", "/v1/health")
        #expect(health.status == 200, "\(health.text)")
        #expect(await kiosk.stop() == 0)
    }

    @Test("neither the API token nor the backend token ever appears in a log line, even at debug level")
    func noSecretsInLogs() async throws {
        let directory = TemporaryDirectory()
        let backend = try await LoopbackBackend.start(stateFile: directory.path + "/backend.jsonl")
        // The backend refuses the token once: the relay logs the refusal and re-reads the file.
        try await backend.setFaults([LoopbackBackend.Fault("401", count: 1, path: "/v1/sales")])
        let kiosk = try await SimulatedKiosk(directory: directory, backend: backend)
        let order = try await kiosk.post("/v1/orders")
        let orderId = try #require(order.json?["orderId"] as? String)
        let closed = try await kiosk.post("/v1/orders/\(orderId)/close", Baskets.close(Baskets.coffees, cents: 1230))
        #expect(closed.status == 200)
        _ = await kiosk.daemon.waitForLine(containing: "outbox batch: 1 delivered")
        var wrong = kiosk.api
        wrong.token = kiosk.token + "x"
        _ = try await wrong.request("GET", "/v1/orders/current")
        var queryToken = kiosk.api
        queryToken.token = nil
        let refused = try await queryToken.request("GET", "/v1/events?token=\(kiosk.token)")
        #expect(refused.status == 401, "a token in the URL is not accepted (it would end up in logs): use a ticket")
        #expect(await kiosk.stop() == 0)
        #expect(!kiosk.daemon.lines.isEmpty)
        #expect(!kiosk.daemon.lines.contains { $0.contains(kiosk.token) }, "the API token is never logged")
        #expect(!kiosk.daemon.lines.contains { $0.contains(backend.token) }, "the backend token is never logged")
        #expect(kiosk.daemon.lines.contains { $0.contains("backend refused the token") }, "the refusal was logged: \(kiosk.daemon.lines)")
        await backend.stop()
    }
}
