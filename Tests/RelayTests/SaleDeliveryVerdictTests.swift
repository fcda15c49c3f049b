import Relay
import Testing

@Suite("SaleDeliveryVerdict: what each backend answer means for the outbox row")
struct SaleDeliveryVerdictTests {
    static func answer(_ status: Int, _ body: String = "") -> HTTPExchange {
        .answer(status: status, body: Array(body.utf8), headers: [:])
    }

    enum Kind: String { case delivered, retry, auth, dead }

    static func kind(_ verdict: SaleDeliveryVerdict) -> Kind {
        switch verdict {
        case .delivered: return .delivered
        case .retry: return .retry
        case .authenticationRejected: return .auth
        case .deadLetter: return .dead
        }
    }

    @Test("classification", arguments: [
        ("201 receipt", answer(201, #"{"saleId":"S-1","recordedAt":"2024-03-01T10:00:00Z"}"#), Kind.delivered),
        ("200 replay of the original result", answer(200, #"{"saleId":"S-1"}"#), .delivered),
        ("204 no body", answer(204), .delivered),
        ("409 already recorded", answer(409, #"{"error":{"code":"already-recorded"}}"#), .delivered),
        ("400 invalid sale", answer(400, #"{"error":{"code":"invalid-sale","message":"no total"}}"#), .dead),
        ("404", answer(404), .dead),
        ("422 same key, different body", answer(422, #"{"error":{"code":"idempotency-key-reuse"}}"#), .dead),
        ("401 token refused", answer(401), .auth),
        ("403 forbidden", answer(403), .auth),
        ("408 request timeout", answer(408), .retry),
        ("429 too many requests", answer(429), .retry),
        ("500", answer(500), .retry),
        ("503", answer(503, "Service Unavailable"), .retry),
        ("connection refused", .transportFailure("connection refused"), .retry),
        ("timeout", .transportFailure("timed out after 500 ms"), .retry),
        ("200 HTML page (captive portal)", answer(200, "<html>login</html>"), .retry),
        ("200 receipt of another sale", answer(200, #"{"saleId":"S-2"}"#), .retry),
        ("200 JSON array", answer(200, "[1,2]"), .retry),
    ])
    func classify(name: String, exchange: HTTPExchange, expected: Kind) {
        #expect(Self.kind(SaleDeliveryVerdict.classify(exchange, saleId: "S-1")) == expected, "\(name) → \(expected)")
    }

    @Test("the account carried by the receipt is kept, byte-exact fields and all")
    func account() throws {
        let body = #"{"saleId":"S-1","account":{"id":"acct-1","credentials":["badge:04A1B2C3"],"points":487,"tier":"silver"}}"#
        guard case .delivered(201, let account?) = SaleDeliveryVerdict.classify(Self.answer(201, body), saleId: "S-1") else {
            Issue.record("expected a delivered verdict with an account"); return
        }
        #expect(account.accountId == "acct-1" && account.credentials == ["badge:04A1B2C3"])
        #expect(String(decoding: account.bytes, as: UTF8.self).contains(#""points":487"#), "the document is kept whole")
    }

    @Test("a dead letter keeps the response body and says why")
    func deadLetterReason() {
        let body = #"{"error":{"code":"idempotency-key-reuse","message":"sale S-1 was recorded with a different body"}}"#
        guard case .deadLetter(422, let kept, let reason) = SaleDeliveryVerdict.classify(Self.answer(422, body), saleId: "S-1") else {
            Issue.record("expected a dead letter"); return
        }
        #expect(kept == Array(body.utf8))
        #expect(reason == "422 idempotency-key-reuse: sale S-1 was recorded with a different body")
    }
}
