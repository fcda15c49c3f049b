import Foundation
import Storage
import Testing
import TestSupport

@Suite("PrintQueue: durable jobs, oldest first, printed once")
struct PrintQueueTests {
    /// A clock the test moves by hand.
    final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var current = march1
        var now: Date { lock.withLock { current } }
        func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
    }

    @Test("standalone and sale jobs come back pending, oldest first, with their bytes")
    func oldestFirst() throws {
        let fixture = try StoreFixture()
        let queue = fixture.store.printQueue
        let test = try queue.enqueue(PrintJobRequest(kind: .test, bytes: [0x1B, 0x40, 0x41]))
        let committed = try fixture.store.commitClosedSale(makeSale("S-1", printJobs: [
            PrintJobRequest(kind: .footer, bytes: [1, 2, 3]), PrintJobRequest(kind: .voucher, bytes: [4, 5])]))
        let pending = try queue.pendingJobs()
        #expect(pending.map(\.jobId) == [test.jobId] + committed.printJobIds)
        #expect(pending.map(\.kind) == [.test, .footer, .voucher])
        #expect(pending.map(\.bytes) == [[0x1B, 0x40, 0x41], [1, 2, 3], [4, 5]])
        #expect(pending.map(\.saleId) == [nil, "S-1", "S-1"])
        #expect(pending.allSatisfy { $0.status == .pending && $0.attempts == 0 })
    }

    @Test("a failed attempt keeps the job pending with its error; printed jobs never come back")
    func failureThenPrinted() throws {
        let clock = ManualClock()
        let fixture = try StoreFixture(now: { clock.now })
        let queue = fixture.store.printQueue
        let job = try queue.enqueue(PrintJobRequest(kind: .footer, bytes: [0x41]))
        clock.advance(5)
        #expect(try queue.recordFailure(jobId: job.jobId, error: "paper out") == 1)
        #expect(try queue.recordFailure(jobId: job.jobId, error: "cover open") == 2)
        let failed = try #require(try queue.job(id: job.jobId))
        #expect(failed.status == .pending && failed.attempts == 2 && failed.lastError == "cover open")
        #expect(failed.lastAttemptAt == march1 + 5)
        #expect(try queue.pendingJobs().map(\.jobId) == [job.jobId], "a failed job is still pending")
        clock.advance(60)
        try queue.markPrinted(jobId: job.jobId)
        try queue.markPrinted(jobId: job.jobId)  // harmless twice
        #expect(try queue.pendingJobs().isEmpty)
        #expect(try queue.job(id: job.jobId)?.status == .printed)
        #expect(try queue.job(id: job.jobId)?.finishedAt == march1 + 65)
    }

    @Test("abandoned jobs leave the queue; unknown job ids are reported")
    func abandonAndUnknown() throws {
        let fixture = try StoreFixture()
        let queue = fixture.store.printQueue
        let job = try queue.enqueue(PrintJobRequest(kind: .voucher, bytes: [1]))
        try queue.abandon(jobId: job.jobId, reason: "cleared by technician")
        #expect(try queue.pendingCount() == 0)
        #expect(try queue.job(id: job.jobId)?.status == .abandoned)
        #expect {
            try queue.markPrinted(jobId: 4242)
        } throws: { ($0 as? StorageError)?.kind == .notFound(what: "print job 4242") }
    }

    @Test("jobs survive reopening the file (a restart)")
    func durable() throws {
        let fixture = try StoreFixture()
        let job = try fixture.store.printQueue.enqueue(PrintJobRequest(kind: .footer, bytes: Array("Cumulative points: 487".utf8)))
        let reopened = try fixture.secondConnection()
        #expect(try reopened.printQueue.pendingJobs() == [job])
    }

    @Test("a job larger than the limit is refused")
    func sizeLimit() throws {
        let fixture = try StoreFixture()
        #expect(throws: StorageError.self) {
            try fixture.store.printQueue.enqueue(PrintJobRequest(kind: .footer, bytes: [UInt8](repeating: 0, count: PrintQueue.maximumJobBytes + 1)))
        }
    }

    @Test("enqueueing notifies observers so the printer worker wakes")
    func notifies() throws {
        let fixture = try StoreFixture()
        let seen = Recorder<StoreChange>()
        fixture.store.observeChanges { seen.append($0) }
        let job = try fixture.store.printQueue.enqueue(PrintJobRequest(kind: .test, bytes: [1]))
        #expect(seen.values == [.printJobsQueued(jobIds: [job.jobId])])
    }
}
