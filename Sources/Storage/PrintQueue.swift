import Foundation

/// The durable print queue: receipt footers and voucher slips wait here until the printer
/// takes them, across paper-out, cover-open and restarts.
///
/// Guarantees: a job is stored before anything prints (with its sale, in the sale's
/// transaction, or standalone); pending jobs come back oldest first; a job marked printed
/// never comes back. Marking printed after the bytes went out is the caller's step, so a crash
/// between the two may print a job twice (at-least-once printing, never zero).
public struct PrintQueue: Sendable {
    /// Most jobs `pendingJobs` returns at once, whatever the caller asks.
    public static let maximumBatch = 100
    /// Largest job accepted (bytes), a guard against a runaway encoder.
    public static let maximumJobBytes = 256 * 1024

    let store: KioskStore

    /// The queue of `store`.
    public init(store: KioskStore) { self.store = store }

    /// Queues a job outside a sale (e.g. a test page or a reprint).
    /// - Returns: the stored job.
    /// - Throws: `StorageError` on a SQLite failure.
    @discardableResult
    public func enqueue(_ request: PrintJobRequest, saleId: String? = nil) throws -> PrintJobRecord {
        let at = store.now()
        let record = try store.write { db -> PrintJobRecord in
            let id = try Self.insert(request, saleId: saleId, at: at, in: db)
            guard let record = try Self.load(id, in: db) else {
                throw StorageError(.notFound(what: "print job \(id)"), call: "enqueue", message: "job vanished", path: db.path)
            }
            return record
        }
        store.notify(.printJobsQueued(jobIds: [record.jobId]))
        return record
    }

    /// Pending jobs, oldest first (at most `min(limit, maximumBatch)`).
    public func pendingJobs(limit: Int = PrintQueue.maximumBatch) throws -> [PrintJobRecord] {
        try store.withDatabase { db in
            try db.query("SELECT \(Self.columns) FROM print_jobs WHERE status = 'pending' ORDER BY job_id LIMIT ?",
                         [.int(max(0, min(limit, Self.maximumBatch)))], row: Self.record)
        }
    }

    /// The number of pending jobs.
    public func pendingCount() throws -> Int {
        try store.withDatabase { db in
            Int(try db.queryFirst("SELECT count(*) FROM print_jobs WHERE status = 'pending'") { $0.int64(0) } ?? 0)
        }
    }

    /// The job with id `jobId`, or nil.
    public func job(id jobId: Int64) throws -> PrintJobRecord? {
        try store.withDatabase { db in try Self.load(jobId, in: db) }
    }

    /// Every job of `saleId`, in print order.
    public func jobs(saleId: String) throws -> [PrintJobRecord] {
        try store.withDatabase { db in
            try db.query("SELECT \(Self.columns) FROM print_jobs WHERE sale_id = ? ORDER BY job_id", [.text(saleId)], row: Self.record)
        }
    }

    /// Marks a job printed; it is never returned as pending again. Marking twice is harmless.
    /// - Throws: `StorageError.Kind.notFound` when there is no such job.
    public func markPrinted(jobId: Int64) throws {
        let at = store.now()
        try store.write { db in
            try db.run("UPDATE print_jobs SET status = 'printed', finished_at = ?, last_attempt_at = ? WHERE job_id = ? AND status = 'pending'",
                       [.date(at), .date(at), .integer(jobId)])
            try Self.requireJob(jobId, in: db)
        }
    }

    /// Records a failed attempt (paper out, cover open, offline…); the job stays pending.
    /// - Returns: the attempts counted so far.
    /// - Throws: `StorageError.Kind.notFound` when there is no such job.
    @discardableResult
    public func recordFailure(jobId: Int64, error: String) throws -> Int {
        let at = store.now()
        return try store.write { db in
            try db.run("UPDATE print_jobs SET attempts = attempts + 1, last_error = ?, last_attempt_at = ? WHERE job_id = ? AND status = 'pending'",
                       [.text(error), .date(at), .integer(jobId)])
            try Self.requireJob(jobId, in: db)
            return Int(try db.queryFirst("SELECT attempts FROM print_jobs WHERE job_id = ?", [.integer(jobId)]) { $0.int64(0) } ?? 0)
        }
    }

    /// Gives a pending job up by hand (e.g. a technician clears a stuck queue); it never prints.
    /// - Throws: `StorageError.Kind.notFound` when there is no such job.
    public func abandon(jobId: Int64, reason: String) throws {
        let at = store.now()
        try store.write { db in
            try db.run("UPDATE print_jobs SET status = 'abandoned', last_error = ?, finished_at = ? WHERE job_id = ? AND status = 'pending'",
                       [.text(reason), .date(at), .integer(jobId)])
            try Self.requireJob(jobId, in: db)
        }
    }

    // MARK: rows

    static let columns = "job_id, sale_id, kind, bytes, status, attempts, last_error, created_at, last_attempt_at, finished_at"

    static func insert(_ request: PrintJobRequest, saleId: String?, at: Date, in db: Database) throws -> Int64 {
        guard request.bytes.count <= maximumJobBytes else {
            throw StorageError(.corruptRow(what: "print job"), call: "enqueue",
                               message: "job of \(request.bytes.count) bytes exceeds the \(maximumJobBytes)-byte limit", path: db.path)
        }
        try db.run("INSERT INTO print_jobs (sale_id, kind, bytes, status, created_at) VALUES (?, ?, ?, 'pending', ?)",
                   [.text(saleId), .text(request.kind.rawValue), .blob(request.bytes), .date(at)])
        return db.lastInsertRowID
    }

    static func load(_ jobId: Int64, in db: Database) throws -> PrintJobRecord? {
        try db.queryFirst("SELECT \(columns) FROM print_jobs WHERE job_id = ?", [.integer(jobId)], row: record)
    }

    static func requireJob(_ jobId: Int64, in db: Database) throws {
        if try db.queryFirst("SELECT 1 FROM print_jobs WHERE job_id = ?", [.integer(jobId)], row: { _ in true }) == nil {
            throw StorageError(.notFound(what: "print job \(jobId)"), call: "PrintQueue", message: "no print job \(jobId)", path: db.path)
        }
    }

    static func record(_ row: Statement) throws -> PrintJobRecord {
        guard let status = PrintJobRecord.Status(rawValue: row.text(4)) else {
            throw StorageError(.corruptRow(what: "print_jobs.status"), call: "SELECT print_jobs", message: "unknown status \(row.text(4))")
        }
        return PrintJobRecord(
            jobId: row.int64(0), saleId: row.optionalText(1), kind: PrintJobKind(row.text(2)), bytes: row.blob(3),
            status: status, attempts: Int(row.int64(5)), lastError: row.optionalText(6), createdAt: row.date(7),
            lastAttemptAt: row.optionalDate(8), finishedAt: row.optionalDate(9))
    }
}

extension KioskStore {
    /// The print queue in this store.
    public var printQueue: PrintQueue { PrintQueue(store: self) }
}
