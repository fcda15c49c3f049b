import Foundation
import Relay
import Storage
import Testing
import TestSupport

@Suite("AccountLookup: the cross-store account, live or from the cache when the backend is unreachable")
struct AccountLookupTests {
    static let account = #"{"id":"acct-7","credentials":["badge:04A1B2C3","card:2990000000017"],"points":487,"lifetimePoints":612}"#

    @Test("a live answer is returned and cached under every credential")
    func live() async throws {
        let fixture = try await RelayFixture()
        try await fixture.backend.addAccount(Self.account)
        let lookup = AccountLookup(client: try fixture.client(), cache: fixture.store.accounts)
        guard case .live(let account) = await lookup.account(credential: "badge:04A1B2C3") else {
            Issue.record("expected a live account"); return
        }
        #expect(account.accountId == "acct-7")
        #expect(try fixture.store.accounts.account(credential: "card:2990000000017")?.accountId == "acct-7")
    }

    @Test("with the backend unreachable, identification is served from the cache, marked as cached")
    func cachedWhenDown() async throws {
        let fixture = try await RelayFixture()
        try await fixture.backend.addAccount(Self.account)
        let lookup = AccountLookup(client: try fixture.client(), cache: fixture.store.accounts)
        _ = await lookup.account(credential: "badge:04A1B2C3")
        await fixture.backend.stop()
        let result = await lookup.account(credential: "card:2990000000017")
        guard case .cached(let account, let reason) = result else { Issue.record("expected the cached account, got \(result)"); return }
        #expect(account.accountId == "acct-7" && account.source == .lookup)
        #expect(reason.contains("refused") || reason.contains("connect"), "the reason says the backend was unreachable: \(reason)")
        let unknownOffline = await lookup.account(credential: "badge:FFFFFFFF")
        guard case .unavailable = unknownOffline else {
            Issue.record("an unknown credential offline is 'unavailable', not 'unknown': got \(unknownOffline)"); return
        }
    }

    @Test("a hanging backend costs at most the short account timeout")
    func hangingBackend() async throws {
        let fixture = try await RelayFixture(accountTimeoutMilliseconds: 300)
        try await fixture.backend.addAccount(Self.account)
        let lookup = AccountLookup(client: try fixture.client(), cache: fixture.store.accounts)
        _ = await lookup.account(credential: "badge:04A1B2C3")
        try await fixture.backend.setFaults([.init("hang", path: "/v1/accounts")])
        let start = ContinuousClock.now
        let result = await lookup.account(credential: "badge:04A1B2C3")
        let elapsed = ContinuousClock.now - start
        try await fixture.backend.clearFaults()
        #expect(result.account?.accountId == "acct-7")
        if case .cached = result {} else { Issue.record("expected a cached answer, got \(result)") }
        #expect(elapsed < .seconds(5), "the customer waits about the 300 ms timeout, not the 120 s hang (\(elapsed))")
    }

    @Test("a credential the backend does not know is a new customer")
    func unknown() async throws {
        let fixture = try await RelayFixture()
        let lookup = AccountLookup(client: try fixture.client(), cache: fixture.store.accounts)
        #expect(await lookup.account(credential: "badge:DEADBEEF") == .unknownCredential)
    }

    @Test("a credential with a slash stays one path segment")
    func encoding() async throws {
        let fixture = try await RelayFixture()
        try await fixture.backend.addAccount(#"{"id":"acct-x","credentials":["card:a/b c"]}"#)
        let lookup = AccountLookup(client: try fixture.client(), cache: fixture.store.accounts)
        #expect(await lookup.account(credential: "card:a/b c").account?.accountId == "acct-x")
    }
}
