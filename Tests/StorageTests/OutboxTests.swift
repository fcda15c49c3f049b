import Foundation
import Storage
import Testing
import TestSupport

@Suite("Outbox: order, outcomes, dead letters, retry")
struct OutboxTests {
    @Test("pending sales come out oldest first with their payload, bounded by the limit")
    func order() throws {
        let fixture = try StoreFixture()
        for i in 0..<5 { _ = try fixture.store.commitClosedSale(makeSale("S-\(i)")) }
        let due = try fixture.store.outbox.dueForDelivery(limit: 3)
        #expect(due.map(\.saleId) == ["S-0", "S-1", "S-2"])
        #expect(due.first?.payload == makeSale("S-0").payload)
        #expect(due.map(\.sequence) == due.map(\.sequence).sorted())
    }

    @Test("delivered removes the row, stamps the sale and caches the account, in one transaction")
    func delivered() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.commitClosedSale(makeSale("S-1"))
        let account = CachedAccount(accountId: "acct-1", credentials: ["badge:04A1B2C3"], document: Array(#"{"id":"acct-1"}"#.utf8),
                                    fetchedAt: march1, source: .saleAnswer)
        try fixture.store.outbox.recordOutcomes([.delivered(saleId: "S-1", httpStatus: 201, account: account)])
        #expect(try fixture.store.outbox.counts() == OutboxCounts(pending: 0, dead: 0, oldestPendingAt: nil))
        #expect(try fixture.store.deliveredAt(saleId: "S-1") != nil)
        #expect(try fixture.store.accounts.account(credential: "badge:04A1B2C3") == account)
    }

    @Test("a retry keeps the row, counts the attempt and delays it")
    func retry() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.commitClosedSale(makeSale("S-1"))
        _ = try fixture.store.commitClosedSale(makeSale("S-2"))
        let later = Date().addingTimeInterval(3_600)
        try fixture.store.outbox.recordOutcomes([.retry(saleId: "S-1", error: "503 Service Unavailable", nextAttemptAt: later)])
        #expect(try fixture.store.outbox.dueForDelivery(limit: 10).map(\.saleId) == ["S-2"], "S-1 waits for its back-off")
        let entry = try #require(try fixture.store.outbox.entries().first)
        #expect(entry.saleId == "S-1" && entry.attempts == 1 && entry.lastError == "503 Service Unavailable")
        #expect(entry.nextAttemptAt == later.roundedToMilliseconds)
        #expect(try fixture.store.outbox.nextAttemptAt() != nil)
    }

    @Test("a dead letter keeps the response, is listed, and a manual retry puts it back first in line")
    func deadLetterAndRetry() throws {
        let fixture = try StoreFixture()
        for i in 0..<3 { _ = try fixture.store.commitClosedSale(makeSale("S-\(i)")) }
        let body = Array(#"{"error":{"code":"invalid-sale","message":"totalCents missing"}}"#.utf8)
        try fixture.store.outbox.recordOutcomes([.deadLetter(saleId: "S-0", httpStatus: 400, responseBody: body, reason: "400 invalid-sale")])
        #expect(try fixture.store.outbox.counts().dead == 1)
        #expect(try fixture.store.outbox.dueForDelivery(limit: 10).map(\.saleId) == ["S-1", "S-2"], "dead letters are not sent")
        let dead = try #require(try fixture.store.outbox.entries(state: .dead).first)
        #expect(dead.saleId == "S-0" && dead.deadLetter?.httpStatus == 400 && dead.deadLetter?.responseBody == body)

        // kioskctl runs on its own connection while the daemon holds the first one.
        let kioskctl = try fixture.secondConnection()
        #expect(try kioskctl.outbox.retryDeadLetters(saleIds: ["S-0", "S-1", "nope"]) == 1, "only dead letters are requeued")
        #expect(try fixture.store.outbox.counts().dead == 0)
        let due = try fixture.store.outbox.dueForDelivery(limit: 10)
        #expect(due.map(\.saleId) == ["S-0", "S-1", "S-2"], "the retried sale keeps its place in the order")
        #expect(due.first?.attempts == 0)
    }

    @Test("retrying all dead letters works in chunks and reports progress")
    func retryAll() async throws {
        let fixture = try StoreFixture()
        let total = Outbox.retryChunk + 20
        let store = fixture.store
        try await offPool { try store.withBulkSales(total) }
        let ids = try fixture.store.outbox.dueForDelivery(limit: Outbox.maximumBatch).map(\.saleId)
            + (try fixture.store.outbox.entries(afterSequence: Int64(Outbox.maximumBatch)).map(\.saleId))
        try fixture.store.outbox.recordOutcomes(ids.map { .deadLetter(saleId: $0, httpStatus: 404, responseBody: [], reason: "404") })
        #expect(try fixture.store.outbox.counts().dead == total)
        let steps = Recorder<Int>()
        let retried = try fixture.store.outbox.retryAllDeadLetters { done, all in
            steps.append(done)
            #expect(all == total)
        }
        #expect(retried == total)
        #expect(steps.values == [Outbox.retryChunk, total])
        #expect(try fixture.store.outbox.counts() .pending == total)
    }

    @Test("outcomes for rows that are no longer pending are ignored")
    func staleOutcomes() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.commitClosedSale(makeSale("S-1"))
        try fixture.store.outbox.recordOutcomes([.delivered(saleId: "S-1", httpStatus: 200, account: nil)])
        try fixture.store.outbox.recordOutcomes([
            .retry(saleId: "S-1", error: "late", nextAttemptAt: nil),
            .deadLetter(saleId: "S-1", httpStatus: 400, responseBody: [], reason: "late"),
        ])
        #expect(try fixture.store.outbox.counts() == OutboxCounts(pending: 0, dead: 0, oldestPendingAt: nil))
    }
}

extension KioskStore {
    /// Commits `count` small sales `B-0…`.
    func withBulkSales(_ count: Int) throws {
        for i in 0..<count { _ = try commitClosedSale(makeSale("B-\(i)", printJobs: [])) }
    }
}
