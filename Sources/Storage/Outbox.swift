import Foundation

/// The sales waiting to reach the backend, in commit order, and the dead letters the backend
/// refused.
///
/// A row enters with its sale (`KioskStore.commitClosedSale`) and leaves only when the backend
/// acknowledged it (`recordOutcomes` with `.delivered`, which also stamps the sale). A crash
/// between the backend's answer and that commit leaves the row pending: it is sent again with
/// the same `Idempotency-Key`, which the backend answers with the original result.
public struct Outbox: Sendable {
    /// Most rows one `dueForDelivery` call returns, whatever the caller asks.
    public static let maximumBatch = 500
    /// Dead letters requeued per transaction by `retryAllDeadLetters`, so a large retry never
    /// holds the write lock for long while the daemon is closing sales.
    public static let retryChunk = 500
    /// Largest response body kept with a dead letter.
    public static let maximumResponseBytes = 16 * 1024

    let store: KioskStore

    /// The outbox of `store`.
    public init(store: KioskStore) { self.store = store }

    /// Pending rows due now (`next_attempt_at <= now`), oldest first, at most `min(limit, maximumBatch)`.
    public func dueForDelivery(limit: Int) throws -> [OutboxDelivery] {
        let now = store.now()
        return try store.withDatabase { db in
            try db.query("""
                SELECT o.seq, o.sale_id, s.payload, o.attempts FROM outbox o JOIN sales s ON s.sale_id = o.sale_id
                WHERE o.state = 'pending' AND o.next_attempt_at <= ? ORDER BY o.seq LIMIT ?
                """, [.date(now), .int(max(0, min(limit, Self.maximumBatch)))]) {
                OutboxDelivery(sequence: $0.int64(0), saleId: $0.text(1), payload: $0.blob(2), attempts: Int($0.int64(3)))
            }
        }
    }

    /// The earliest `next_attempt_at` among pending rows, or nil when nothing is pending.
    public func nextAttemptAt() throws -> Date? {
        try store.withDatabase { db in
            try db.queryFirst("SELECT min(next_attempt_at) FROM outbox WHERE state = 'pending'") { $0.optionalDate(0) } ?? nil
        }
    }

    /// Applies the outcomes of a batch of deliveries in ONE transaction.
    ///
    /// - `.delivered`: removes the row, stamps the sale `delivered_at`, caches the account.
    /// - `.retry`: counts the attempt, keeps the error, moves `next_attempt_at` when given.
    /// - `.deadLetter`: parks the row with the backend's response (body capped at `maximumResponseBytes`).
    /// Outcomes for rows no longer pending are ignored.
    /// - Throws: `StorageError`; nothing is applied then.
    public func recordOutcomes(_ outcomes: [OutboxOutcome]) throws {
        guard !outcomes.isEmpty else { return }
        let at = store.now()
        try store.write { db in
            for outcome in outcomes {
                switch outcome {
                case .delivered(let saleId, let status, let account):
                    try db.run("DELETE FROM dead_letters WHERE sale_id = ?", [.text(saleId)])
                    let removed = try db.run("DELETE FROM outbox WHERE sale_id = ?", [.text(saleId)])
                    if removed > 0 {
                        try db.run("UPDATE sales SET delivered_at = ?, backend_status = ? WHERE sale_id = ?",
                                   [.date(at), .int(status), .text(saleId)])
                    }
                    if let account { try AccountCache.upsert(account, in: db) }
                case .retry(let saleId, let error, let next):
                    try db.run("""
                        UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at)
                        WHERE sale_id = ? AND state = 'pending'
                        """, [.text(error), .date(next), .text(saleId)])
                case .deadLetter(let saleId, let status, let body, let reason):
                    let parked = try db.run("""
                        UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ? WHERE sale_id = ? AND state = 'pending'
                        """, [.text(reason), .text(saleId)])
                    if parked > 0 {
                        try db.run("""
                            INSERT OR REPLACE INTO dead_letters (sale_id, http_status, response_body, reason, dead_at) VALUES (?, ?, ?, ?, ?)
                            """, [.text(saleId), .integer(status.map(Int64.init)), .blob(Array(body.prefix(Self.maximumResponseBytes))),
                                  .text(reason), .date(at)])
                    }
                }
            }
        }
    }

    /// Rows of the outbox, oldest first: pending and dead (`state` nil), or one state only.
    /// - Parameters:
    ///   - afterSequence: continue a listing after this row (paging through a large outbox).
    ///   - limit: most rows returned (capped at `maximumBatch`).
    public func entries(state: OutboxEntry.State? = nil, afterSequence: Int64 = 0, limit: Int = Outbox.maximumBatch) throws -> [OutboxEntry] {
        try store.withDatabase { db in
            try db.query("""
                SELECT \(Self.entryColumns) \(Self.entryFrom)
                WHERE o.seq > ? AND (? IS NULL OR o.state = ?) ORDER BY o.seq LIMIT ?
                """, [.integer(afterSequence), .text(state?.rawValue), .text(state?.rawValue), .int(max(0, min(limit, Self.maximumBatch)))],
                row: Self.entry)
        }
    }

    /// The outbox row of `saleId` (pending or dead), or nil when the sale was delivered or is unknown.
    public func entry(saleId: String) throws -> OutboxEntry? {
        try store.withDatabase { db in
            try db.queryFirst("SELECT \(Self.entryColumns) \(Self.entryFrom) WHERE o.sale_id = ?", [.text(saleId)], row: Self.entry)
        }
    }

    static let entryColumns = """
        o.seq, o.sale_id, o.state, o.attempts, o.next_attempt_at, o.last_error, o.enqueued_at,
        d.http_status, d.response_body, d.reason, d.dead_at, d.sale_id
        """
    static let entryFrom = "FROM outbox o LEFT JOIN dead_letters d ON d.sale_id = o.sale_id"

    static func entry(_ row: Statement) -> OutboxEntry {
        let dead = row.isNull(11) ? nil : DeadLetter(
            saleId: row.text(1), httpStatus: row.optionalInt64(7).map(Int.init), responseBody: row.blob(8),
            reason: row.text(9), deadAt: row.date(10))
        return OutboxEntry(
            sequence: row.int64(0), saleId: row.text(1), state: OutboxEntry.State(rawValue: row.text(2)) ?? .pending,
            attempts: Int(row.int64(3)), nextAttemptAt: row.date(4), lastError: row.optionalText(5),
            enqueuedAt: row.date(6), deadLetter: dead)
    }

    /// How many rows are pending and dead, and the age of the oldest pending one.
    public func counts() throws -> OutboxCounts {
        try store.withDatabase { db in
            try db.queryFirst("""
                SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'dead'),
                       min(enqueued_at) FILTER (WHERE state = 'pending') FROM outbox
                """) { OutboxCounts(pending: Int($0.int64(0)), dead: Int($0.int64(1)), oldestPendingAt: $0.optionalDate(2)) }
                ?? OutboxCounts(pending: 0, dead: 0, oldestPendingAt: nil)
        }
    }

    /// Puts the dead letters of `saleIds` back in the queue, due now, attempts reset.
    /// - Returns: how many were requeued (ids that are not dead letters are skipped).
    public func retryDeadLetters(saleIds: [String]) throws -> Int {
        let count = try store.write { db in
            var count = 0
            for saleId in saleIds { count += try Self.requeue(saleId, in: db) }
            return count
        }
        if count > 0 { store.notify(.outboxRequeued(count: count)) }
        return count
    }

    /// Puts every dead letter back in the queue, `retryChunk` per transaction.
    /// - Parameter progress: called after each chunk with (requeued so far, total at start).
    /// - Returns: how many were requeued.
    public func retryAllDeadLetters(progress: (Int, Int) -> Void = { _, _ in }) throws -> Int {
        let total = try counts().dead
        var done = 0
        while true {
            let chunk = try store.write { db -> Int in
                let ids = try db.query("SELECT sale_id FROM outbox WHERE state = 'dead' ORDER BY seq LIMIT ?",
                                       [.int(Self.retryChunk)]) { $0.text(0) }
                var count = 0
                for id in ids { count += try Self.requeue(id, in: db) }
                return count
            }
            if chunk == 0 { break }
            done += chunk
            store.notify(.outboxRequeued(count: chunk))
            progress(done, max(total, done))
        }
        return done
    }

    static func requeue(_ saleId: String, in db: Database) throws -> Int {
        let changed = try db.run("""
            UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = 0, last_error = NULL
            WHERE sale_id = ? AND state = 'dead'
            """, [.text(saleId)])
        if changed > 0 { try db.run("DELETE FROM dead_letters WHERE sale_id = ?", [.text(saleId)]) }
        return changed
    }
}

extension KioskStore {
    /// The outbox in this store.
    public var outbox: Outbox { Outbox(store: self) }
}
