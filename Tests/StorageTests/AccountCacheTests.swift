import Foundation
import Storage
import Testing
import TestSupport

@Suite("AccountCache: by credential and id, newest copy wins")
struct AccountCacheTests {
    func account(_ id: String, _ credentials: [String], balance: Int, at seconds: TimeInterval, source: CachedAccount.Source = .lookup) -> CachedAccount {
        CachedAccount(accountId: id, credentials: credentials, document: Array(#"{"id":"\#(id)","balance":\#(balance)}"#.utf8),
                      fetchedAt: march1 + seconds, source: source)
    }

    @Test("an account is found by each of its credentials and by id")
    func lookups() throws {
        let fixture = try StoreFixture()
        let stored = account("acct-1", ["badge:04A1B2C3", "card:2990000000017"], balance: 487, at: 0)
        try fixture.store.accounts.store(stored)
        #expect(try fixture.store.accounts.account(credential: "badge:04A1B2C3") == stored)
        #expect(try fixture.store.accounts.account(credential: "card:2990000000017") == stored)
        #expect(try fixture.store.accounts.account(id: "acct-1") == stored)
        #expect(try fixture.store.accounts.account(credential: "badge:FFFFFFFF") == nil)
    }

    @Test("a newer copy replaces an older one; an older one never replaces a newer one")
    func newestWins() throws {
        let fixture = try StoreFixture()
        let cache = fixture.store.accounts
        try cache.store(account("acct-1", ["badge:04A1B2C3"], balance: 100, at: 10))
        try cache.store(account("acct-1", ["badge:04A1B2C3"], balance: 150, at: 20, source: .saleAnswer))
        try cache.store(account("acct-1", ["badge:04A1B2C3"], balance: 90, at: 15))
        let cached = try #require(try cache.account(id: "acct-1"))
        #expect(String(decoding: cached.document, as: UTF8.self).contains("150"))
        #expect(cached.source == .saleAnswer)
    }

    @Test("a credential moved to another account follows it")
    func credentialMoves() throws {
        let fixture = try StoreFixture()
        try fixture.store.accounts.store(account("acct-1", ["card:2990000000017"], balance: 1, at: 0))
        try fixture.store.accounts.store(account("acct-2", ["card:2990000000017"], balance: 2, at: 5))
        #expect(try fixture.store.accounts.account(credential: "card:2990000000017")?.accountId == "acct-2")
    }
}
