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

    @Test("a lookup's copy is not cached while a sale of the account is pending (it may count it already); it is once the sale is acknowledged")
    func lookupWaitsForPendingSales() throws {
        let fixture = try StoreFixture()
        let cache = fixture.store.accounts
        try cache.store(account("acct-1", ["badge:04A1B2C3"], balance: 100, at: 10, source: .saleAnswer))
        _ = try fixture.store.commitClosedSale(makeSale("sale-1", account: "acct-1", points: 12))
        #expect(try cache.storeLookup(account("acct-1", ["badge:04A1B2C3"], balance: 112, at: 20)) == false,
                "sale-1 is pending: the lookup's 112 may already count its 12 points")
        #expect(String(decoding: try #require(try cache.account(id: "acct-1")).document, as: UTF8.self).contains("100"))
        try fixture.store.outbox.recordOutcomes([.delivered(saleId: "sale-1", httpStatus: 201, account: nil)])
        #expect(try cache.storeLookup(account("acct-1", ["badge:04A1B2C3"], balance: 112, at: 30)) == true, "nothing pending: cached")
        #expect(String(decoding: try #require(try cache.account(id: "acct-1")).document, as: UTF8.self).contains("112"))
    }

    @Test("a pending sale recorded under one of the account's credentials also holds the lookup back")
    func lookupWaitsForPendingSalesByCredential() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.commitClosedSale(makeSale("sale-1", account: "badge:04A1B2C3", points: 12))
        #expect(try fixture.store.accounts.storeLookup(account("acct-9", ["badge:04A1B2C3"], balance: 12, at: 20)) == false)
        #expect(try fixture.store.accounts.account(credential: "badge:04A1B2C3") == nil)
    }

    @Test("copies carrying a revision are ordered by it, whatever order they arrive in (concurrent or replayed sale answers)")
    func revisionOrders() throws {
        let fixture = try StoreFixture()
        let cache = fixture.store.accounts
        func copy(revision: Int, balance: Int, at seconds: TimeInterval) -> CachedAccount {
            CachedAccount(accountId: "acct-1", credentials: ["badge:04A1B2C3"],
                          document: Array(#"{"id":"acct-1","balance":\#(balance),"revision":\#(revision)}"#.utf8),
                          fetchedAt: march1 + seconds, source: .saleAnswer)
        }
        try cache.store(copy(revision: 8, balance: 124, at: 10))
        try cache.store(copy(revision: 7, balance: 112, at: 10))  // same batch, answered first by the backend
        try cache.store(copy(revision: 6, balance: 100, at: 20))  // a replayed answer, received later
        #expect(String(decoding: try #require(try cache.account(id: "acct-1")).document, as: UTF8.self).contains("124"),
                "the highest revision stays")
        try cache.store(copy(revision: 9, balance: 130, at: 5))
        #expect(String(decoding: try #require(try cache.account(id: "acct-1")).document, as: UTF8.self).contains("130"),
                "a higher revision wins even with an older fetch time")
    }
}
