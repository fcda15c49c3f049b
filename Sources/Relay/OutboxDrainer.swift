import Foundation
import Storage
import Synchronization

/// Sends the outbox to the backend: oldest first, in bounded batches, with bounded
/// concurrency, until it is empty; then sleeps until a sale is committed (no polling).
///
/// Guarantees:
/// - A sale leaves the outbox only after the backend acknowledged it (2xx receipt or 409), and
///   the acknowledgement is committed with the account it carried, one transaction per batch.
///   A crash between the answer and that commit re-sends the sale with the same
///   `Idempotency-Key`, which the backend answers with the original result: exactly once.
/// - A whole batch failing (backend down, hanging, resetting, answering garbage) backs off
///   with `RetrySchedule` (exponential, jitter, capped), retrying forever: days offline are
///   fine. Rows keep their order; when the backend is up but one sale keeps failing, only
///   that sale is delayed.
/// - A 4xx other than 401/403/408/425/429 parks the sale as a dead letter, with the response.
/// - 401/403: the token file is re-read and the batch backs off; sales are never dead-lettered
///   for the kiosk's own credentials.
/// - Without a token (file missing, empty or invalid) nothing is sent: the drainer holds, its
///   status says why, and it waits (no timer) until `wake()` — the token watch calls it when the
///   file changes.
///
/// Run exactly one `run()` per store.
public final class OutboxDrainer: Sendable {
    /// Where the drainer stands, for `/v1/health`.
    public struct Status: Sendable, Equatable {
        /// Whole batches failed in a row (0 when the backend is reachable).
        public var consecutiveFailures = 0
        /// The last failure's reason.
        public var lastFailure: String?
        /// When a sale was last acknowledged by the backend.
        public var lastDeliveryAt: Date?
        /// Why nothing is being sent (no backend token), or nil.
        public var heldReason: String?
    }

    /// The outcome of one batch.
    public struct BatchReport: Sendable, Equatable {
        /// Sales sent (at most the batch size; fewer when the backend failed early).
        public var attempted = 0
        public var delivered = 0
        public var retried = 0
        public var deadLettered = 0
        /// True when nothing in the batch got a meaningful answer: the drainer should back off.
        public var backendUnavailable = false
    }

    private let outbox: Outbox
    private let holds: VoucherHolds
    private let client: BackendClient
    private let events: @Sendable (RelayEvent) -> Void
    private let random: @Sendable () -> Double
    private let now: @Sendable () -> Date
    private let signal = WakeSignal()
    private let state = Mutex(Status())
    private let storage = StoreExecutor(label: "kioskd.outbox-drainer")

    /// A drainer for `store`'s outbox, woken by every sale committed to `store`.
    /// - Parameters:
    ///   - events: called for each answer, batch, back-off and dead letter (log lines, health);
    ///     it runs on the drainer's task and must not block.
    ///   - random: draws in 0..<1 for the back-off jitter.
    public init(
        store: KioskStore, client: BackendClient, events: @escaping @Sendable (RelayEvent) -> Void = { _ in },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        outbox = store.outbox
        holds = store.voucherHolds
        self.client = client
        self.events = events
        self.random = random
        self.now = now
        let signal = self.signal
        store.observeChanges { change in
            switch change {
            case .saleCommitted, .outboxRequeued, .voucherReleasesQueued: signal.raise()
            case .printJobsQueued: break
            }
        }
    }

    /// Wakes the drainer now (e.g. after `kioskctl outbox retry` rang the daemon).
    public func wake() { signal.raise() }

    /// The drainer's current status.
    public var status: Status { state.withLock { $0 } }

    /// Drains until the task is cancelled: batches back to back while sales are due, a back-off
    /// while the backend is unavailable, and a wait without timer when the outbox is empty.
    public func run() async {
        let schedule = client.configuration.retry
        while !Task.isCancelled {
            if let reason = client.heldReason {
                let wasHeld = state.withLock { status -> Bool in
                    defer { status.heldReason = reason }
                    return status.heldReason == reason
                }
                if !wasHeld {
                    let outbox = self.outbox
                    let pending = (try? await storage.run { try outbox.counts().pending }) ?? 0
                    events(.held(reason: reason, pending: pending))
                }
                await signal.wait(until: nil)
                continue
            }
            state.withLock { $0.heldReason = nil }
            let report: BatchReport
            do {
                report = try await drainBatch()
            } catch {
                let failures = state.withLock { status -> Int in
                    status.consecutiveFailures += 1
                    status.lastFailure = "\(error)"
                    return status.consecutiveFailures
                }
                let delay = schedule.delay(afterFailures: failures, random: random())
                events(.storageFailed(error: "\(error)", milliseconds: delay))
                try? await Task.sleep(for: .milliseconds(delay))
                continue
            }
            if report.backendUnavailable {
                let (failures, reason) = state.withLock { ($0.consecutiveFailures, $0.lastFailure ?? "no answer") }
                let delay = schedule.delay(afterFailures: failures, random: random())
                events(.backingOff(milliseconds: delay, consecutiveFailures: failures, reason: reason))
                try? await Task.sleep(for: .milliseconds(delay))
                continue
            }
            let releases = (try? await drainReleases()) ?? 0
            if report.attempted > 0 || releases > 0 { continue }
            // Nothing due: sleep until the earliest delayed row, or until a sale is committed.
            let outbox = self.outbox, holds = self.holds
            let next = (try? await storage.run { () -> Date? in
                [try outbox.nextAttemptAt(), try holds.nextReleaseAt()].compactMap { $0 }.min()
            }) ?? nil
            let deadline = next.map { ContinuousClock.now + .milliseconds(max(0, Int($0.timeIntervalSince(now()) * 1000) + 1)) }
            await signal.wait(until: deadline)
        }
    }

    /// Sends the voucher releases due now (`VoucherHolds`), one at a time, and records their
    /// outcomes: done ones leave the table, failed ones wait for their own back-off.
    /// - Returns: how many releases were sent.
    /// - Throws: `StorageError` (the releases stay queued).
    @discardableResult
    public func drainReleases() async throws -> Int {
        let holds = self.holds
        let due = try await storage.run { try holds.dueReleases(limit: VoucherHolds.maximumBatch) }
        guard !due.isEmpty else { return 0 }
        let schedule = client.configuration.retry
        var outcomes: [VoucherReleaseOutcome] = []
        for release in due {
            switch await client.releaseVoucher(code: release.code, idempotencyKey: release.idempotencyKey, saleId: release.saleId) {
            case .done(let status):
                outcomes.append(.done(idempotencyKey: release.idempotencyKey))
                events(.voucherReleased(saleId: release.saleId, httpStatus: status))
            case .refused(_, let reason):
                outcomes.append(.done(idempotencyKey: release.idempotencyKey))
                events(.voucherReleaseFailed(saleId: release.saleId, reason: reason, final: true))
            case .retry(let reason):
                let delay = schedule.delay(afterFailures: release.attempts + 1, random: random())
                outcomes.append(.retry(idempotencyKey: release.idempotencyKey, error: reason,
                                       nextAttemptAt: now().addingTimeInterval(Double(delay) / 1000)))
                events(.voucherReleaseFailed(saleId: release.saleId, reason: reason, final: false))
            }
        }
        try await storage.run { [outcomes] in try holds.recordReleaseOutcomes(outcomes) }
        return due.count
    }

    /// Sends one batch of due sales and records the outcomes in one transaction.
    /// - Throws: `StorageError` when the outbox cannot be read or the outcomes cannot be committed
    ///   (the sales stay pending and are sent again: the backend's idempotency makes that safe).
    public func drainBatch() async throws -> BatchReport {
        let configuration = client.configuration
        let outbox = self.outbox
        let due = try await storage.run { try outbox.dueForDelivery(limit: configuration.batchSize) }
        var report = BatchReport()
        guard !due.isEmpty else { return report }

        var verdicts: [Int: SaleDeliveryVerdict] = [:]
        var anyAnswer = false
        var firstFailure: String?
        await withTaskGroup(of: (Int, SaleDeliveryVerdict).self) { group in
            var next = 0
            func launch() {
                let index = next, delivery = due[index], client = self.client
                group.addTask { (index, await client.deliverSale(saleId: delivery.saleId, payload: delivery.payload)) }
                next += 1
            }
            while next < min(configuration.concurrency, due.count) { launch() }
            for await (index, verdict) in group {
                verdicts[index] = verdict
                events(.answerReceived(saleId: due[index].saleId, verdict: verdict))
                switch verdict {
                case .delivered, .deadLetter: anyAnswer = true
                case .retry(let reason), .authenticationRejected(_, let reason): firstFailure = firstFailure ?? reason
                }
                // Once the backend fails and nothing succeeded yet, stop feeding it this batch.
                let keepGoing = anyAnswer || firstFailure == nil
                if keepGoing && next < due.count { launch() }
            }
        }

        let at = now()
        let schedule = configuration.retry
        var outcomes: [OutboxOutcome] = []
        var authenticationFailure: String?
        for (index, delivery) in due.enumerated() {
            guard let verdict = verdicts[index] else { continue }
            report.attempted += 1
            switch verdict {
            case .delivered(let status, let account):
                report.delivered += 1
                outcomes.append(.delivered(saleId: delivery.saleId, httpStatus: status, account: account.map {
                    CachedAccount(accountId: $0.accountId, credentials: $0.credentials, document: $0.bytes, fetchedAt: at, source: .saleAnswer)
                }))
            case .deadLetter(let status, let body, let reason):
                report.deadLettered += 1
                outcomes.append(.deadLetter(saleId: delivery.saleId, httpStatus: status, responseBody: body, reason: reason))
                events(.deadLettered(saleId: delivery.saleId, reason: reason))
            case .retry(let reason), .authenticationRejected(_, let reason):
                if case .authenticationRejected = verdict { authenticationFailure = reason }
                report.retried += 1
                // Backend up but this sale failing: delay this sale only. Backend down: keep the
                // row's place; the whole drainer backs off instead.
                let delay = anyAnswer ? schedule.delay(afterFailures: delivery.attempts + 1, random: random()) : nil
                outcomes.append(.retry(saleId: delivery.saleId, error: reason,
                                       nextAttemptAt: delay.map { at.addingTimeInterval(Double($0) / 1000) }))
            }
        }
        try await storage.run { [outcomes] in try outbox.recordOutcomes(outcomes) }
        events(.batchRecorded(delivered: report.delivered, retried: report.retried, deadLettered: report.deadLettered))

        report.backendUnavailable = !anyAnswer
        state.withLock { status in
            if anyAnswer {
                status.consecutiveFailures = 0
                if report.delivered > 0 { status.lastDeliveryAt = at }
            } else {
                status.consecutiveFailures += 1
                status.lastFailure = authenticationFailure ?? firstFailure
            }
        }
        if let authenticationFailure {
            events(.authenticationRejected(reason: authenticationFailure, tokenChanged: client.reloadToken()))
        }
        return report
    }
}
