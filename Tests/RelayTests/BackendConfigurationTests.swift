import Foundation
import Relay
import StrictJSON
import Testing

@Suite("BackendConfiguration: the backend section, decoded strictly")
struct BackendConfigurationTests {
    static func decode(_ text: String) throws -> BackendConfiguration {
        try BackendConfiguration.decode(JSONCursor.parse(Array(text.utf8), path: JSONPath("backend")))
    }

    @Test("a full section decodes to the written values")
    func full() throws {
        let config = try Self.decode("""
            {"url": "https://backend.example.be/kiosk", "tokenFile": "/etc/kioskd/backend-token",
             "requestTimeoutMs": 5000, "accountTimeoutMs": 600, "voucherTimeoutMs": 1500,
             "offlineVouchers": {"policy": "allowUpTo", "maxCents": 500},
             "outbox": {"batchSize": 100, "concurrency": 8, "retryInitialMs": 500, "retryMaxMs": 60000, "retryJitter": 0.25}}
            """)
        #expect(config.url.absoluteString == "https://backend.example.be/kiosk")
        #expect(config.tokenFile == "/etc/kioskd/backend-token")
        #expect(config.requestTimeoutMilliseconds == 5_000 && config.accountTimeoutMilliseconds == 600 && config.voucherTimeoutMilliseconds == 1_500)
        #expect(config.offlineVouchers == .allowUpTo(maxCents: 500))
        #expect(config.batchSize == 100 && config.concurrency == 8)
        #expect(config.retry == RetrySchedule(initialMilliseconds: 500, multiplier: 2, maximumMilliseconds: 60_000, jitter: 0.25))
    }

    @Test("only the url is required; the rest has safe defaults (vouchers refused offline)")
    func defaults() throws {
        let config = try Self.decode(#"{"url": "https://b.example"}"#)
        #expect(config.offlineVouchers == .refuse)
        #expect(config.tokenFile == nil)
        #expect(config.retry == .standard)
        #expect(config.batchSize == 50 && config.concurrency == 4)
    }

    @Test("errors name the key path", arguments: [
        (#"{"url": "https://b.example", "urll": 1}"#, "backend.urll: unknown key"),
        (#"{}"#, "backend.url: missing required key"),
        (#"{"url": "ftp://b.example"}"#, "backend.url: expected an absolute http(s) URL"),
        (#"{"url": "http://backend.example.be"}"#, "backend.url: expected https (plain http is allowed only to a loopback host"),
        (#"{"url": "https://user:pw@b.example"}"#, "backend.url: expected a URL without credentials"),
        (#"{"url": "https://b.example", "outbox": {"concurrency": 0}}"#, "backend.outbox.concurrency: expected an integer between 1 and 32, got 0"),
        (#"{"url": "https://b.example", "outbox": {"batchSize": "ten"}}"#, "backend.outbox.batchSize: expected an integer between 1 and 500"),
        (#"{"url": "https://b.example", "outbox": {"retryInitialMs": 5000, "retryMaxMs": 1000}}"#, "backend.outbox.retryMaxMs: expected at least retryInitialMs"),
        (#"{"url": "https://b.example", "requestTimeoutMs": 10}"#, "backend.requestTimeoutMs: expected an integer between 100 and 120000"),
        (#"{"url": "https://b.example", "offlineVouchers": {"policy": "always"}}"#, "backend.offlineVouchers.policy: expected one of \"refuse\", \"allowUpTo\""),
        (#"{"url": "https://b.example", "offlineVouchers": {"policy": "allowUpTo"}}"#, "backend.offlineVouchers.maxCents: missing required key"),
        (#"{"url": "https://b.example", "offlineVouchers": {"policy": "refuse", "maxCents": 5}}"#, "backend.offlineVouchers.maxCents: not allowed"),
    ])
    func errors(text: String, expectedPrefix: String) {
        #expect {
            _ = try Self.decode(text)
        } throws: { error in
            "\(error)".hasPrefix(expectedPrefix)
        }
    }

    @Test("plain http is accepted for a loopback backend (tests, a local relay)")
    func loopbackHTTP() throws {
        #expect(try Self.decode(#"{"url": "http://127.0.0.1:8080"}"#).url.port == 8080)
        #expect(try Self.decode(#"{"url": "http://localhost:8080/api"}"#).url.path == "/api")
    }
}
