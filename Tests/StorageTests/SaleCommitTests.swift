import Foundation
import Storage
import Testing
import TestSupport

@Suite("KioskStore.commitClosedSale: one transaction, idempotent, append-only ledger")
struct SaleCommitTests {
    @Test("a close writes sale, ledger, vouchers, outbox row and print jobs together")
    func commitWritesEverything() throws {
        let fixture = try StoreFixture()
        let sale = makeSale("S-1", points: 12, vouchers: [makeVoucher("5550000000011")])
        let committed = try fixture.store.commitClosedSale(sale)
        #expect(committed.wasAlreadyCommitted == false)
        #expect(committed.printJobIds.count == 1)
        #expect(try fixture.store.sale(id: "S-1") == committed.sale, "the stored sale reads back as committed")
        #expect(try fixture.store.balances(accountId: "acct-1") == LedgerBalances(points: 12, voucherCents: 500))
        #expect(try fixture.store.voucher(code: "5550000000011")?.createdBySaleId == "S-1")
        #expect(try fixture.store.outbox.counts().pending == 1)
        #expect(try fixture.store.printQueue.jobs(saleId: "S-1").map(\.jobId) == committed.printJobIds)
    }

    @Test("a repeated close returns the stored result and records nothing twice")
    func idempotent() throws {
        let fixture = try StoreFixture()
        let first = try fixture.store.commitClosedSale(makeSale("S-1", points: 12))
        var retried = makeSale("S-1", points: 99)  // a confused retry with other figures
        retried.answer = Array("other".utf8)
        let second = try fixture.store.commitClosedSale(retried)
        #expect(second.wasAlreadyCommitted, "the second close is recognised")
        #expect(second.sale == first.sale, "the first close's record comes back, not the retry's")
        #expect(second.printJobIds == first.printJobIds)
        #expect(try fixture.store.balances(accountId: "acct-1").points == 12, "points are recorded once")
        #expect(try fixture.store.outbox.counts().pending == 1, "one outbox row")
        #expect(try fixture.store.printQueue.pendingCount() == 1, "one print job")
    }

    @Test("a close that fails half-way leaves nothing behind (atomic)")
    func atomic() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.commitClosedSale(makeSale("S-1", vouchers: [makeVoucher("5550000000011")]))
        _ = try fixture.store.commitClosedSale(makeSale("S-2", redemptions: [
            VoucherRedemptionRecord(code: "5550000000011", accountId: "acct-1", valueCents: 500)]))
        // S-3 redeems the same voucher again, after writing its sale row and ledger in the same transaction.
        #expect {
            _ = try fixture.store.commitClosedSale(makeSale("S-3", points: 40, redemptions: [
                VoucherRedemptionRecord(code: "5550000000011", accountId: "acct-1", valueCents: 500)]))
        } throws: { error in
            (error as? StorageError)?.kind == .voucherAlreadyRedeemed(code: "5550000000011", bySaleId: "S-2")
        }
        #expect(try fixture.store.sale(id: "S-3") == nil, "no sale row")
        #expect(try fixture.store.balances(accountId: "acct-1") == LedgerBalances(points: 24, voucherCents: 0),
                "only S-1 and S-2 moved the balances")
        #expect(try fixture.store.outbox.counts().pending == 2, "no outbox row for S-3")
        #expect(try fixture.store.printQueue.pendingCount() == 2, "no print job for S-3")
    }

    @Test("a voucher code is unique: a second voucher with the same code fails the whole close")
    func duplicateVoucherCode() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.commitClosedSale(makeSale("S-1", vouchers: [makeVoucher("5550000000011")]))
        #expect {
            _ = try fixture.store.commitClosedSale(makeSale("S-2", vouchers: [makeVoucher("5550000000011", account: "acct-2")]))
        } throws: { error in
            (error as? StorageError)?.kind == .duplicateVoucherCode(code: "5550000000011")
        }
        #expect(try fixture.store.sale(id: "S-2") == nil)
    }

    @Test("a voucher from another store is recorded as redeemed, and cannot be redeemed twice here")
    func foreignVoucher() throws {
        let fixture = try StoreFixture()
        let redemption = VoucherRedemptionRecord(code: "5550000000998", accountId: "acct-1", valueCents: 300, offline: true)
        _ = try fixture.store.commitClosedSale(makeSale("S-1", redemptions: [redemption]))
        let voucher = try #require(try fixture.store.voucher(code: "5550000000998"))
        #expect(voucher.status == .redeemed && voucher.redeemedBySaleId == "S-1" && voucher.redeemedOffline)
        #expect(try fixture.store.sale(id: "S-1")?.voucherRedemptions == [redemption])
        #expect(throws: StorageError.self) {
            _ = try fixture.store.commitClosedSale(makeSale("S-2", redemptions: [redemption]))
        }
    }

    @Test("the voucher history of a customer lists created and redeemed vouchers, oldest first")
    func voucherHistory() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.commitClosedSale(makeSale("S-1", vouchers: [makeVoucher("5550000000011"), makeVoucher("5550000000028", cents: 42)]))
        _ = try fixture.store.commitClosedSale(makeSale("S-2", redemptions: [
            VoucherRedemptionRecord(code: "5550000000011", accountId: "acct-1", valueCents: 500)]))
        let history = try fixture.store.vouchers(accountId: "acct-1")
        #expect(history.map(\.code) == ["5550000000011", "5550000000028"])
        #expect(history.map(\.status) == [.redeemed, .active])
        #expect(try fixture.store.vouchers(accountId: "acct-2").isEmpty)
    }

    @Test("the ledger balances: per-account sums equal the movements of every committed sale")
    func ledgerBalances() throws {
        let fixture = try StoreFixture()
        var expected: [String: Int64] = [:]
        for i in 0..<30 {
            let account = "acct-\(i % 4)"
            let points = Int64(i * 7 % 23) - 5
            _ = try fixture.store.commitClosedSale(makeSale("S-\(i)", account: account, points: points))
            expected[account, default: 0] += points
        }
        _ = try fixture.store.commitClosedSale(makeSale("S-anon", account: nil))
        let balances = try fixture.store.allBalances()
        #expect(balances.mapValues(\.points) == expected)
        let entries = try fixture.store.ledgerEntries(accountId: "acct-1")
        #expect(entries.map(\.saleId) == ["S-1", "S-5", "S-9", "S-13", "S-17", "S-21", "S-25", "S-29"], "entries in append order")
        #expect(entries.map(\.entryId) == entries.map(\.entryId).sorted())
    }

    @Test("ledger entries are append-only: SQLite refuses UPDATE and DELETE")
    func appendOnly() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.commitClosedSale(makeSale("S-1"))
        let raw = try Database(path: fixture.store.path, busyTimeoutMilliseconds: 1_000)
        for sql in ["UPDATE ledger_entries SET amount = 1000", "DELETE FROM ledger_entries"] {
            #expect {
                try raw.execute(sql)
            } throws: { error in
                "\(error)".contains("ledger entries are append-only")
            }
        }
        #expect(try fixture.store.balances(accountId: "acct-1").points == 12)
    }

    @Test("committing a sale notifies observers once, after the commit")
    func notifies() throws {
        let fixture = try StoreFixture()
        let seen = Recorder<StoreChange>()
        let readable = Recorder<Bool>()
        let store = fixture.store
        store.observeChanges { change in
            seen.append(change)
            // Called after the commit and outside the store's lock: the sale is already readable.
            if case .saleCommitted(let id) = change { readable.append(((try? store.sale(id: id)) ?? nil) != nil) }
        }
        let committed = try store.commitClosedSale(makeSale("S-1"))
        _ = try store.commitClosedSale(makeSale("S-1"))
        #expect(seen.values == [.saleCommitted(saleId: "S-1"), .printJobsQueued(jobIds: committed.printJobIds)],
                "a repeated close notifies nothing")
        #expect(readable.values == [true], "observers run after the commit")
    }
}

/// A thread-safe list of values seen by callbacks.
final class Recorder<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [T] = []
    func append(_ item: T) { lock.withLock { items.append(item) } }
    var values: [T] { lock.withLock { items } }
}
