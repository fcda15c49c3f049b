import Foundation

/// Vouchers the backend may have redeemed for a sale this kiosk has not committed, and the
/// releases owed for those the sale did not keep.
///
/// A close redeems its vouchers at the backend one by one, before the commit. When the backend
/// accepts the first and refuses the second, the close fails but the first stays spent at the
/// backend. So, before asking, the close records a **hold** (`hold`); then:
/// - the sale commits: the holds of the vouchers it redeemed go away in the sale's transaction,
///   those it no longer redeems (removed from the order) become **releases** (`settle`);
/// - the order is cancelled: all its holds become releases (`release(saleId:)`);
/// - the daemon starts: orders do not survive a restart, so every hold still there becomes a
///   release (`releaseAllHeld`).
/// The relay sends each release (`POST /v1/vouchers/{code}/release` with the redemption's
/// `Idempotency-Key`) until the backend acknowledges it: a crash at any point leaves the row
/// to be sent again, and a release is idempotent at the backend.
public struct VoucherHolds: Sendable {
    /// Most releases one `dueReleases` call returns.
    public static let maximumBatch = 100

    let store: KioskStore

    /// The voucher holds of `store`.
    public init(store: KioskStore) { self.store = store }

    /// Records that `code` is about to be redeemed at the backend for sale `saleId` with
    /// `idempotencyKey`. Holding twice is harmless (a retried close).
    /// - Throws: `StorageError`.
    public func hold(code: String, saleId: String, idempotencyKey: String) throws {
        let at = store.now()
        try store.write { db in
            try db.run("""
                INSERT INTO voucher_holds (idempotency_key, sale_id, code, state, held_at, seq)
                VALUES (?, ?, ?, 'held', ?, (SELECT coalesce(max(seq), 0) + 1 FROM voucher_holds))
                ON CONFLICT (idempotency_key) DO UPDATE SET state = 'held', attempts = 0, next_attempt_at = 0, last_error = NULL
                """, [.text(idempotencyKey), .text(saleId), .text(code), .date(at)])
        }
    }

    /// Forgets the hold of `idempotencyKey`: the backend refused the redemption, nothing to release.
    /// - Throws: `StorageError`.
    public func drop(idempotencyKey: String) throws {
        try store.write { db in _ = try db.run("DELETE FROM voucher_holds WHERE idempotency_key = ?", [.text(idempotencyKey)]) }
    }

    /// Turns every hold of sale `saleId` into a release (the order was cancelled).
    /// - Returns: how many releases were queued.
    /// - Throws: `StorageError`.
    @discardableResult
    public func release(saleId: String) throws -> Int {
        let count = try store.write { db in try Self.settle(saleId: saleId, keeping: [], in: db) }
        if count > 0 { store.notify(.voucherReleasesQueued(count: count)) }
        return count
    }

    /// Turns every hold into a release (at start: no order survives a restart).
    /// - Returns: how many releases were queued.
    /// - Throws: `StorageError`.
    @discardableResult
    public func releaseAllHeld() throws -> Int {
        let count = try store.write { db in try db.run("UPDATE voucher_holds SET state = 'release', next_attempt_at = 0 WHERE state = 'held'") }
        if count > 0 { store.notify(.voucherReleasesQueued(count: count)) }
        return count
    }

    /// Within a sale's transaction: the holds of `keeping` (the codes the sale redeems) are done,
    /// the others become releases.
    /// - Returns: how many releases were queued.
    static func settle(saleId: String, keeping codes: Set<String>, in db: Database) throws -> Int {
        var released = 0
        let holds = try db.query("SELECT idempotency_key, code FROM voucher_holds WHERE sale_id = ? AND state = 'held'", [.text(saleId)]) {
            ($0.text(0), $0.text(1))
        }
        for (key, code) in holds {
            if codes.contains(code) {
                try db.run("DELETE FROM voucher_holds WHERE idempotency_key = ?", [.text(key)])
            } else {
                released += try db.run("UPDATE voucher_holds SET state = 'release', next_attempt_at = 0 WHERE idempotency_key = ?", [.text(key)])
            }
        }
        return released
    }

    /// Releases due now, oldest first, at most `min(limit, maximumBatch)`.
    /// - Throws: `StorageError`.
    public func dueReleases(limit: Int) throws -> [VoucherRelease] {
        let now = store.now()
        return try store.withDatabase { db in
            try db.query("""
                SELECT idempotency_key, sale_id, code, attempts FROM voucher_holds
                WHERE state = 'release' AND next_attempt_at <= ? ORDER BY seq LIMIT ?
                """, [.date(now), .int(max(0, min(limit, Self.maximumBatch)))]) {
                VoucherRelease(idempotencyKey: $0.text(0), saleId: $0.text(1), code: $0.text(2), attempts: Int($0.int64(3)))
            }
        }
    }

    /// The earliest `next_attempt_at` among releases, or nil when none is queued.
    public func nextReleaseAt() throws -> Date? {
        try store.withDatabase { db in
            try db.queryFirst("SELECT min(next_attempt_at) FROM voucher_holds WHERE state = 'release'") { $0.optionalDate(0) } ?? nil
        }
    }

    /// Applies the outcomes of sent releases in one transaction: a done release leaves the
    /// table; a failed one counts the attempt and waits until `nextAttemptAt`.
    /// - Throws: `StorageError`; nothing is applied then.
    public func recordReleaseOutcomes(_ outcomes: [VoucherReleaseOutcome]) throws {
        guard !outcomes.isEmpty else { return }
        try store.write { db in
            for outcome in outcomes {
                switch outcome {
                case .done(let key):
                    try db.run("DELETE FROM voucher_holds WHERE idempotency_key = ? AND state = 'release'", [.text(key)])
                case .retry(let key, let error, let next):
                    try db.run("""
                        UPDATE voucher_holds SET attempts = attempts + 1, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at)
                        WHERE idempotency_key = ? AND state = 'release'
                        """, [.text(error), .date(next), .text(key)])
                }
            }
        }
    }

    /// Every hold and release, oldest first (for `kioskctl` and tests).
    public func entries() throws -> [VoucherHold] {
        try store.withDatabase { db in
            try db.query("SELECT idempotency_key, sale_id, code, state, attempts, last_error FROM voucher_holds ORDER BY seq") {
                VoucherHold(idempotencyKey: $0.text(0), saleId: $0.text(1), code: $0.text(2),
                            state: VoucherHold.State(rawValue: $0.text(3)) ?? .release, attempts: Int($0.int64(4)), lastError: $0.optionalText(5))
            }
        }
    }
}

/// A voucher redemption a sale did not keep (or may have made), stored until released.
public struct VoucherHold: Sendable, Equatable {
    public enum State: String, Sendable {
        /// Redeemed (or being redeemed) for a sale that is not committed yet.
        case held
        /// Owed to the backend: the redemption must be released.
        case release
    }
    public let idempotencyKey: String
    public let saleId: String
    public let code: String
    public let state: State
    public let attempts: Int
    public let lastError: String?
}

/// A release to send to the backend.
public struct VoucherRelease: Sendable, Equatable {
    /// The key the redemption was made with (`<saleId>:<code>`), sent again as the release's key.
    public let idempotencyKey: String
    public let saleId: String
    public let code: String
    /// Failed attempts so far.
    public let attempts: Int
}

/// What happened to one release attempt.
public enum VoucherReleaseOutcome: Sendable, Equatable {
    /// The backend released it (or had nothing to release under that key): the row goes away.
    case done(idempotencyKey: String)
    /// Try again, not before `nextAttemptAt` (nil keeps the current schedule).
    case retry(idempotencyKey: String, error: String, nextAttemptAt: Date?)
}

extension KioskStore {
    /// The voucher holds and releases in this store.
    public var voucherHolds: VoucherHolds { VoucherHolds(store: self) }
}
