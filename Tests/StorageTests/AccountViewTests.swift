import Foundation
import Storage
import Testing
import TestSupport

@Suite("AccountView: the cached copy and the unacknowledged ledger in one snapshot")
struct AccountViewTests {
    func copy(_ balance: Int, revision: Int, at seconds: TimeInterval) -> CachedAccount {
        CachedAccount(accountId: "acct-1", credentials: ["badge:04A1B2C3"],
                      document: Array(#"{"id":"acct-1","points":\#(balance),"revision":\#(revision)}"#.utf8),
                      fetchedAt: march1 + seconds, source: .saleAnswer)
    }

    @Test("a sale's entries are unacknowledged until delivered; then the copy that counts them is seen instead")
    func acknowledgement() throws {
        let fixture = try StoreFixture()
        try fixture.store.accounts.store(copy(100, revision: 1, at: 0))
        _ = try fixture.store.commitClosedSale(makeSale("sale-1", account: "acct-1", points: 12))
        var view = try fixture.store.accountView(credential: "badge:04A1B2C3")
        #expect(view.cached?.revision == 1)
        #expect(view.unacknowledged["acct-1"]?.map(\.saleId) == ["sale-1"], "sale-1 not acknowledged yet: its 12 points are added")
        try fixture.store.outbox.recordOutcomes([.delivered(saleId: "sale-1", httpStatus: 201, account: copy(112, revision: 2, at: 10))])
        view = try fixture.store.accountView(credential: "badge:04A1B2C3")
        #expect(view.cached?.revision == 2, "the copy stored with the acknowledgement")
        #expect(view.unacknowledged["acct-1"] == [], "sale-1 is counted by the copy, not again from the ledger")
    }

    @Test("without a cached copy the credential is the account id: every unacknowledged entry and voucher under it")
    func noCopy() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.commitClosedSale(makeSale("sale-1", account: "badge:04A1B2C3", points: 7))
        let view = try fixture.store.accountView(credential: "badge:04A1B2C3")
        #expect(view.cached == nil)
        #expect(view.unacknowledged["badge:04A1B2C3"]?.map(\.record.amount) == [7])
        #expect(view.vouchers["badge:04A1B2C3"] == [])
    }
}
