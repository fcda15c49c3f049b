import HTTPServer
import LinuxIO
import Testing

private let token = AccessToken("0123456789abcdef0123456789abcdef")!
private let gate = SecurityGate(
    policy: SecurityPolicy(allowedOrigins: ["http://127.0.0.1:8765", "http://localhost:3000"]),
    token: token)
private let tcp = HTTPTransport.tcp(local: .loopbackIPv4(port: 8765), peer: .loopbackIPv4(port: 40000))

private func request(
    _ method: HTTPMethod = .get, _ target: String = "/v1/orders/1", host: String? = "127.0.0.1:8765",
    _ fields: [(String, String)] = [], body: String = "", transport: HTTPTransport? = tcp
) -> HTTPRequest {
    var headers = HTTPHeaders()
    if let host { headers.add("Host", host) }
    for (name, value) in fields { headers.add(name, value) }
    if !body.isEmpty { headers.add("Content-Length", String(body.utf8.count)) }
    return HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8), transport: transport)
}

private func request(_ fields: [(String, String)]) -> HTTPRequest { request(.get, "/v1/orders/1", fields) }

private let bearer = ("Authorization", "Bearer 0123456789abcdef0123456789abcdef")

private func refusal(_ decision: SecurityDecision) -> APIError? {
    if case .refuse(let error) = decision { return error }
    return nil
}

private func proceeds(_ decision: SecurityDecision) -> HTTPHeaders? {
    if case .proceed(let headers) = decision { return headers }
    return nil
}

@Suite("SecurityGate")
struct SecurityGateTests {
    @Test("loopback Host names with the connection's port are served", arguments: ["127.0.0.1:8765", "localhost:8765", "LOCALHOST:8765", "[::1]:8765"])
    func loopbackHosts(host: String) {
        #expect(proceeds(gate.evaluate(request(host: host, [bearer]))) != nil, "Host: \(host) must pass")
    }

    @Test("any other Host gets 421 misdirected-host (DNS rebinding defence)", arguments: [
        "evil.example:8765", "127.0.0.1:9999", "localhost", "127.0.0.1", "kiosk.local:8765", "127.0.0.2:8765",
        "localhost.evil.example:8765", "[::1]", "",
    ])
    func foreignHosts(host: String) throws {
        let error = try #require(refusal(gate.evaluate(request(host: host, [bearer]))), "Host: '\(host)' must be refused")
        #expect(error.status.code == 421 && error.code == "misdirected-host")
    }

    @Test("a request without Host, or with two, gets 421")
    func missingHost() {
        #expect(refusal(gate.evaluate(request(host: nil, [bearer])))?.status.code == 421)
        #expect(refusal(gate.evaluate(request([("Host", "localhost:8765"), bearer])))?.status.code == 421)
    }

    @Test("on the unix socket any loopback name is a valid Host, with or without port")
    func unixSocketHosts() {
        let unix = HTTPTransport.unix(path: "/run/kioskd/api.sock", peer: nil)
        #expect(proceeds(gate.evaluate(request(host: "localhost", [bearer], transport: unix))) != nil)
        #expect(proceeds(gate.evaluate(request(host: "127.0.0.1:1", [bearer], transport: unix))) != nil)
        #expect(refusal(gate.evaluate(request(host: "evil.example", [bearer], transport: unix)))?.status.code == 421)
    }

    @Test("additional hosts are accepted when configured")
    func additionalHosts() {
        var policy = gate.policy
        policy.additionalHosts = ["kiosk-7.shop.lan:8765"]
        let custom = SecurityGate(policy: policy, token: token)
        #expect(proceeds(custom.evaluate(request(host: "kiosk-7.shop.lan:8765", [bearer]))) != nil)
    }

    @Test("a foreign or null Origin gets 403 forbidden-origin, on reads, writes and the event stream", arguments: [
        ("POST", "/v1/orders", "http://evil.example"),
        ("POST", "/v1/orders", "null"),
        ("GET", "/v1/events", "http://evil.example"),
        ("GET", "/v1/events", "null"),
        ("GET", "/v1/orders/1", "http://127.0.0.1:8766"),
        ("POST", "/v1/orders", "https://127.0.0.1:8765"),
    ])
    func foreignOrigin(method: String, path: String, origin: String) throws {
        let decision = gate.evaluate(request(HTTPMethod(rawValue: method), path, [("Origin", origin), bearer]))
        let error = try #require(refusal(decision), "\(method) \(path) from \(origin) must be refused")
        #expect(error.status.code == 403 && error.code == "forbidden-origin")
        #expect(!error.headers.contains("Access-Control-Allow-Origin"), "no CORS fields for a refused origin")
    }

    @Test("an allowed Origin proceeds and gets its CORS fields")
    func allowedOrigin() throws {
        let headers = try #require(proceeds(gate.evaluate(request(.post, "/v1/orders", [("Origin", "http://localhost:3000"), bearer, ("Content-Type", "application/json")], body: "{}"))))
        #expect(headers["Access-Control-Allow-Origin"] == "http://localhost:3000")
        #expect(headers["Vary"] == "Origin")
    }

    @Test("no Origin (curl, kioskctl) proceeds without CORS fields")
    func noOrigin() throws {
        let headers = try #require(proceeds(gate.evaluate(request([bearer]))))
        #expect(headers.count == 0)
    }

    @Test("a CORS preflight from an allowed origin is answered without a token")
    func preflight() throws {
        let decision = gate.evaluate(request(.options, "/v1/orders", [
            ("Origin", "http://localhost:3000"), ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "authorization, content-type"),
            ("Access-Control-Request-Private-Network", "true"),
        ]))
        guard case .answer(let response) = decision else {
            Issue.record("expected a preflight answer, got \(decision)")
            return
        }
        #expect(response.status.code == 204)
        #expect(response.headers["Access-Control-Allow-Origin"] == "http://localhost:3000")
        #expect(response.headers["Access-Control-Allow-Headers"]?.contains("Authorization") == true)
        #expect(response.headers["Access-Control-Allow-Methods"]?.contains("POST") == true)
        #expect(response.headers["Access-Control-Allow-Private-Network"] == "true")
    }

    @Test("a preflight from a foreign origin is refused with 403")
    func foreignPreflight() {
        let decision = gate.evaluate(request(.options, "/v1/orders", [("Origin", "http://evil.example"), ("Access-Control-Request-Method", "POST")]))
        #expect(refusal(decision)?.status.code == 403)
    }

    @Test("missing or wrong credentials get 401 unauthorized with WWW-Authenticate", arguments: [
        ("no Authorization", [(String, String)]()),
        ("wrong token", [("Authorization", "Bearer 0123456789abcdef0123456789abcdeX")]),
        ("token prefix", [("Authorization", "Bearer 0123456789abcdef")]),
        ("token with extra bytes", [("Authorization", "Bearer 0123456789abcdef0123456789abcdef0")]),
        ("Basic scheme", [("Authorization", "Basic MDEyMzQ1Njc4OWFiY2RlZg==")]),
        ("empty bearer", [("Authorization", "Bearer ")]),
        ("two Authorization fields", [bearer, bearer]),
    ])
    func unauthorized(name: String, fields: [(String, String)]) throws {
        let error = try #require(refusal(gate.evaluate(request(fields))), "\(name) must be refused")
        #expect(error.status.code == 401 && error.code == "unauthorized", "\(name)")
        #expect(error.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
    }

    @Test("a 401 to an allowed origin carries CORS fields so the UI can read it")
    func unauthorizedWithCORS() throws {
        let error = try #require(refusal(gate.evaluate(request([("Origin", "http://localhost:3000")]))))
        #expect(error.headers["Access-Control-Allow-Origin"] == "http://localhost:3000")
    }

    @Test("the bearer scheme name is case-insensitive")
    func bearerCase() {
        #expect(proceeds(gate.evaluate(request([("Authorization", "bearer 0123456789abcdef0123456789abcdef")]))) != nil)
    }

    @Test("GET /v1/health needs no token; HEAD likewise; POST to it does")
    func publicHealth() {
        #expect(proceeds(gate.evaluate(request(.get, "/v1/health"))) != nil)
        #expect(proceeds(gate.evaluate(request(.head, "/v1/health"))) != nil)
        #expect(refusal(gate.evaluate(request(.post, "/v1/health")))?.status.code == 401)
        #expect(refusal(gate.evaluate(request(.get, "/v1/health/../orders")))?.status.code == 401, "only the exact path is public")
    }

    @Test("?token= authenticates the event stream only")
    func queryToken() {
        #expect(proceeds(gate.evaluate(request(.get, "/v1/events?token=0123456789abcdef0123456789abcdef"))) != nil)
        #expect(refusal(gate.evaluate(request(.get, "/v1/events?token=wrongwrongwrongwrong")))?.status.code == 401)
        #expect(refusal(gate.evaluate(request(.get, "/v1/orders/1?token=0123456789abcdef0123456789abcdef")))?.status.code == 401,
                "a query token on any other path is ignored")
        var policy = gate.policy
        policy.acceptsTokenInEventStreamQuery = false
        let strict = SecurityGate(policy: policy, token: token)
        #expect(refusal(strict.evaluate(request(.get, "/v1/events?token=0123456789abcdef0123456789abcdef")))?.status.code == 401)
    }

    @Test("?ticket= authenticates the event stream when the ticket check accepts it")
    func ticket() {
        #expect(proceeds(gate.evaluate(request(.get, "/v1/events?ticket=abc"), redeemTicket: { $0 == "abc" })) != nil)
        #expect(refusal(gate.evaluate(request(.get, "/v1/events?ticket=abd"), redeemTicket: { $0 == "abc" }))?.status.code == 401)
        #expect(refusal(gate.evaluate(request(.get, "/v1/orders?ticket=abc"), redeemTicket: { $0 == "abc" }))?.status.code == 401)
    }

    @Test("a state-changing request with a body needs Content-Type: application/json", arguments: [
        ("text/plain", 415), ("application/x-www-form-urlencoded", 415), ("multipart/form-data; boundary=x", 415),
        ("application/json", 0), ("Application/JSON; charset=utf-8", 0),
    ])
    func contentType(type: String, expected: Int) {
        let decision = gate.evaluate(request(.post, "/v1/orders", [bearer, ("Content-Type", type)], body: "{}"))
        if expected == 0 {
            #expect(proceeds(decision) != nil, "\(type) must pass")
        } else {
            #expect(refusal(decision)?.code == "unsupported-media-type", "\(type) must get 415")
        }
    }

    @Test("a body without Content-Type gets 415; a bodyless POST needs none")
    func missingContentType() {
        #expect(refusal(gate.evaluate(request(.post, "/v1/orders", [bearer], body: "{}")))?.status.code == 415)
        #expect(proceeds(gate.evaluate(request(.post, "/v1/orders/1/cancel", [bearer]))) != nil)
    }

    @Test("Host is checked before Origin, Origin before the token")
    func order() {
        let both = request(host: "evil.example:8765", [("Origin", "http://evil.example")])
        #expect(refusal(gate.evaluate(both))?.status.code == 421)
        let originAndToken = request([("Origin", "http://evil.example")])
        #expect(refusal(gate.evaluate(originAndToken))?.status.code == 403)
    }
}
