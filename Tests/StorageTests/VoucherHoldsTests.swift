import Foundation
import Storage
import Testing
import TestSupport

@Suite("VoucherHolds: backend redemptions of unclosed sales are released, durably")
struct VoucherHoldsTests {
    let first = "5550010000019", second = "5550010000026"

    func hold(_ store: KioskStore, _ code: String, sale: String = "S-1") throws {
        try store.voucherHolds.hold(code: code, saleId: sale, idempotencyKey: "\(sale):\(code)")
    }

    @Test("the commit settles the sale's holds in its transaction: a redeemed voucher's hold is done, a removed one's becomes a release")
    func commitSettles() throws {
        let fixture = try StoreFixture()
        try hold(fixture.store, first)
        try hold(fixture.store, second)
        try hold(fixture.store, first, sale: "S-other")
        let changes = Recorder<StoreChange>()
        fixture.store.observeChanges { change in changes.append(change) }
        let redemption = VoucherRedemptionRecord(code: first, accountId: "acct-1", valueCents: 500)
        _ = try fixture.store.commitClosedSale(makeSale("S-1", redemptions: [redemption]))
        let entries = try fixture.store.voucherHolds.entries()
        #expect(entries.map(\.idempotencyKey) == ["S-1:\(second)", "S-other:\(first)"], "the kept voucher's hold is gone: \(entries)")
        #expect(entries.map(\.state) == [.release, .held], "the removed voucher is owed a release; another sale's hold is untouched")
        #expect(try fixture.store.voucherHolds.dueReleases(limit: 10).map(\.code) == [second])
        #expect(changes.values.contains(.voucherReleasesQueued(count: 1)), "the relay is woken")
    }

    @Test("cancelling an order releases its holds; at start every hold left is released; both survive reopening")
    func cancelAndRestart() throws {
        let fixture = try StoreFixture()
        try hold(fixture.store, first)
        try hold(fixture.store, second, sale: "S-2")
        #expect(try fixture.store.voucherHolds.release(saleId: "S-1") == 1)
        #expect(try fixture.store.voucherHolds.release(saleId: "S-1") == 0, "released once")
        let reopened = try fixture.secondConnection()
        #expect(try reopened.voucherHolds.dueReleases(limit: 10).map(\.idempotencyKey) == ["S-1:\(first)"], "the release is durable")
        #expect(try reopened.voucherHolds.releaseAllHeld() == 1, "the hold of an order the restart lost")
        #expect(try reopened.voucherHolds.dueReleases(limit: 10).map(\.idempotencyKey) == ["S-1:\(first)", "S-2:\(second)"], "oldest first")
    }

    @Test("a dropped hold (the backend refused the redemption) owes nothing; holding again after a retry is harmless")
    func dropAndRehold() throws {
        let fixture = try StoreFixture()
        try hold(fixture.store, first)
        try hold(fixture.store, first)
        #expect(try fixture.store.voucherHolds.entries().count == 1)
        try fixture.store.voucherHolds.drop(idempotencyKey: "S-1:\(first)")
        #expect(try fixture.store.voucherHolds.entries().isEmpty)
        #expect(try fixture.store.voucherHolds.releaseAllHeld() == 0)
    }

    @Test("a done release leaves the table; a failed one counts the attempt and waits for its time")
    func outcomes() throws {
        let clock = FixedClock(march1)
        let fixture = try StoreFixture(now: { clock.now })
        try hold(fixture.store, first)
        try hold(fixture.store, second)
        try fixture.store.voucherHolds.release(saleId: "S-1")
        try fixture.store.voucherHolds.recordReleaseOutcomes([
            .done(idempotencyKey: "S-1:\(first)"),
            .retry(idempotencyKey: "S-1:\(second)", error: "503 busy", nextAttemptAt: march1.addingTimeInterval(60)),
        ])
        #expect(try fixture.store.voucherHolds.dueReleases(limit: 10).isEmpty, "the failed one waits")
        #expect(try fixture.store.voucherHolds.nextReleaseAt() == march1.addingTimeInterval(60))
        let entry = try #require(try fixture.store.voucherHolds.entries().first)
        #expect(entry.attempts == 1 && entry.lastError == "503 busy")
        clock.now = march1.addingTimeInterval(61)
        #expect(try fixture.store.voucherHolds.dueReleases(limit: 10).map(\.code) == [second])
    }
}

/// A settable instant for the store's clock.
final class FixedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date
    init(_ instant: Date) { self.instant = instant }
    var now: Date {
        get { lock.withLock { instant } }
        set { lock.withLock { instant = newValue } }
    }
}
