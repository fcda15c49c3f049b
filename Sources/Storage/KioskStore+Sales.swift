import CSQLite
import Foundation

extension KioskStore {
    /// Commits a closed sale: the sale, its ledger entries, the vouchers it created and
    /// redeemed, its outbox row and its print jobs, in ONE transaction (one fsync). The sale's
    /// voucher holds are settled in the same transaction: those it redeems are done, the others
    /// become releases (`VoucherHolds`).
    ///
    /// Idempotent on `saleId`: when the sale is already stored, nothing is written and the
    /// stored record is returned with `wasAlreadyCommitted == true` (a UI retrying a close after
    /// a lost answer gets the first answer back).
    /// - Throws: `StorageError` (`.voucherAlreadyRedeemed` when a redeemed voucher was used by
    ///   another sale, `.duplicateVoucherCode`, `.busy`, SQLite failures); nothing is written then.
    public func commitClosedSale(_ given: SaleRecord) throws -> CommittedSale {
        let sale = given.normalizedForStorage()
        let committedAt = now()
        var released = 0
        let result = try write { db -> CommittedSale in
            if let stored = try Self.loadSale(sale.saleId, in: db) {
                return CommittedSale(sale: stored.sale, printJobIds: stored.printJobIds, wasAlreadyCommitted: true)
            }
            try db.run("""
                INSERT INTO sales (sale_id, kiosk_id, store_id, closed_at, account_id, total_cents, payload, answer, committed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(sale.saleId), .text(sale.kioskId), .text(sale.storeId), .date(sale.closedAt),
                      .text(sale.accountId), .integer(sale.totalCents), .blob(sale.payload), .blob(sale.answer),
                      .date(committedAt)])
            for (position, entry) in sale.ledger.enumerated() {
                try db.run("""
                    INSERT INTO ledger_entries (sale_id, position, account_id, kind, reason, amount, reference, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.text(sale.saleId), .int(position), .text(entry.accountId), .text(entry.kind.rawValue),
                          .text(entry.reason), .integer(entry.amount), .text(entry.reference), .date(committedAt)])
            }
            for voucher in sale.vouchersCreated {
                try Self.insertVoucher(voucher, createdBySaleId: sale.saleId, in: db)
            }
            for redemption in sale.voucherRedemptions {
                try Self.redeemVoucher(redemption, saleId: sale.saleId, at: sale.closedAt, in: db)
            }
            try db.run("INSERT INTO outbox (sale_id, state, enqueued_at) VALUES (?, 'pending', ?)",
                       [.text(sale.saleId), .date(committedAt)])
            released = try VoucherHolds.settle(saleId: sale.saleId, keeping: Set(sale.voucherRedemptions.map(\.code)), in: db)
            var jobIds: [Int64] = []
            for job in sale.printJobs {
                jobIds.append(try PrintQueue.insert(job, saleId: sale.saleId, at: committedAt, in: db))
            }
            return CommittedSale(sale: sale, printJobIds: jobIds, wasAlreadyCommitted: false)
        }
        if !result.wasAlreadyCommitted {
            notify(.saleCommitted(saleId: sale.saleId))
            if !result.printJobIds.isEmpty { notify(.printJobsQueued(jobIds: result.printJobIds)) }
            if released > 0 { notify(.voucherReleasesQueued(count: released)) }
        }
        return result
    }

    /// The stored sale with id `saleId`, or nil.
    /// - Throws: `StorageError` on a SQLite failure.
    public func sale(id saleId: String) throws -> SaleRecord? {
        try read { db in try Self.loadSale(saleId, in: db)?.sale }
    }

    /// The number of stored sales.
    public func saleCount() throws -> Int {
        try withDatabase { db in Int(try db.queryFirst("SELECT count(*) FROM sales") { $0.int64(0) } ?? 0) }
    }

    /// When the backend acknowledged the sale, or nil while it is undelivered.
    public func deliveredAt(saleId: String) throws -> Date? {
        try withDatabase { db in
            try db.queryFirst("SELECT delivered_at FROM sales WHERE sale_id = ?", [.text(saleId)]) { $0.optionalDate(0) } ?? nil
        }
    }

    // MARK: ledger

    /// Every ledger entry of `accountId`, in the order they were appended.
    public func ledgerEntries(accountId: String) throws -> [LedgerEntry] {
        try withDatabase { db in
            try db.query("""
                SELECT entry_id, sale_id, recorded_at, account_id, kind, reason, amount, reference
                FROM ledger_entries WHERE account_id = ? ORDER BY entry_id
                """, [.text(accountId)], row: Self.ledgerEntry)
        }
    }

    /// The sums of `accountId`'s ledger entries per kind.
    public func balances(accountId: String) throws -> LedgerBalances {
        try withDatabase { db in
            var balances = LedgerBalances()
            for (kind, sum) in try db.query(
                "SELECT kind, sum(amount) FROM ledger_entries WHERE account_id = ? GROUP BY kind",
                [.text(accountId)], row: { ($0.text(0), $0.int64(1)) })
            {
                guard let kind = LedgerEntryRecord.Kind(rawValue: kind) else { continue }
                balances[kind] = sum
            }
            return balances
        }
    }

    /// The sums of every account's ledger entries, keyed by account id.
    public func allBalances() throws -> [String: LedgerBalances] {
        try withDatabase { db in
            var result: [String: LedgerBalances] = [:]
            for (account, kind, sum) in try db.query(
                "SELECT account_id, kind, sum(amount) FROM ledger_entries GROUP BY account_id, kind",
                row: { ($0.text(0), $0.text(1), $0.int64(2)) })
            {
                guard let kind = LedgerEntryRecord.Kind(rawValue: kind) else { continue }
                result[account, default: LedgerBalances()][kind] = sum
            }
            return result
        }
    }

    // MARK: vouchers

    /// The voucher with `code`, or nil when this store has never seen it.
    public func voucher(code: String) throws -> VoucherRecord? {
        try withDatabase { db in
            try db.queryFirst("SELECT \(Self.voucherColumns) FROM vouchers WHERE code = ?", [.text(code)], row: Self.voucher)
        }
    }

    /// The voucher history of `accountId`, oldest first.
    public func vouchers(accountId: String) throws -> [VoucherRecord] {
        try withDatabase { db in
            try db.query("SELECT \(Self.voucherColumns) FROM vouchers WHERE account_id = ? ORDER BY created_at, code",
                         [.text(accountId)], row: Self.voucher)
        }
    }

    /// Reserves `count` consecutive voucher serial numbers (a durable counter, never reused,
    /// even when the sale that asked for them never commits).
    /// - Returns: the reserved serials, starting at 1 for a fresh store.
    public func reserveVoucherSerials(count: Int) throws -> ClosedRange<Int64> {
        precondition(count > 0, "reserve at least one serial")
        return try write { db in
            try db.run("INSERT INTO counters (name, value) VALUES ('voucher-serial', 0) ON CONFLICT (name) DO NOTHING")
            try db.run("UPDATE counters SET value = value + ? WHERE name = 'voucher-serial'", [.int(count)])
            let last = try db.queryFirst("SELECT value FROM counters WHERE name = 'voucher-serial'") { $0.int64(0) } ?? Int64(count)
            return (last - Int64(count) + 1)...last
        }
    }

    // MARK: rows

    static let voucherColumns = """
        code, account_id, value_cents, created_at, active_from, expires_at, delivery, status,
        created_sale_id, redeemed_sale_id, redeemed_at, redeemed_offline
        """

    static func voucher(_ row: Statement) throws -> VoucherRecord {
        guard let status = VoucherRecord.Status(rawValue: row.text(7)) else {
            throw StorageError(.corruptRow(what: "vouchers.status"), call: "SELECT vouchers", message: "unknown status \(row.text(7))")
        }
        return VoucherRecord(
            code: row.text(0), accountId: row.text(1), valueCents: row.int64(2), createdAt: row.date(3),
            activeFrom: row.date(4), expiresAt: row.optionalDate(5), delivery: row.text(6), status: status,
            createdBySaleId: row.optionalText(8), redeemedBySaleId: row.optionalText(9), redeemedAt: row.optionalDate(10),
            redeemedOffline: row.int64(11) != 0)
    }

    static func ledgerEntry(_ row: Statement) throws -> LedgerEntry {
        guard let kind = LedgerEntryRecord.Kind(rawValue: row.text(4)) else {
            throw StorageError(.corruptRow(what: "ledger_entries.kind"), call: "SELECT ledger_entries", message: "unknown kind \(row.text(4))")
        }
        return LedgerEntry(
            entryId: row.int64(0), saleId: row.text(1), recordedAt: row.date(2),
            record: LedgerEntryRecord(accountId: row.text(3), kind: kind, reason: row.text(5), amount: row.int64(6),
                                      reference: row.optionalText(7)))
    }

    static func insertVoucher(_ voucher: VoucherRecord, createdBySaleId: String?, in db: Database) throws {
        do {
            try db.run("""
                INSERT INTO vouchers (code, account_id, value_cents, created_at, active_from, expires_at, delivery, status,
                                      created_sale_id, redeemed_sale_id, redeemed_at, redeemed_offline)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(voucher.code), .text(voucher.accountId), .integer(voucher.valueCents), .date(voucher.createdAt),
                      .date(voucher.activeFrom), .date(voucher.expiresAt), .text(voucher.delivery), .text(voucher.status.rawValue),
                      .text(createdBySaleId), .text(voucher.redeemedBySaleId), .date(voucher.redeemedAt),
                      .int(voucher.redeemedOffline ? 1 : 0)])
        } catch let error as StorageError where error.kind == .sqlite(code: SQLiteExtendedCode.constraintPrimaryKey) {
            throw StorageError(.duplicateVoucherCode(code: voucher.code), call: "commitClosedSale",
                               message: "voucher code \(voucher.code) already exists", path: db.path)
        }
    }

    /// Marks the voucher redeemed by `saleId`; a voucher this store never saw (created in
    /// another store) is recorded as redeemed from the redemption's data.
    static func redeemVoucher(_ redemption: VoucherRedemptionRecord, saleId: String, at date: Date, in db: Database) throws {
        let changed = try db.run("""
            UPDATE vouchers SET status = 'redeemed', redeemed_sale_id = ?, redeemed_at = ?, redeemed_offline = ?
            WHERE code = ? AND status = 'active'
            """, [.text(saleId), .date(date), .int(redemption.offline ? 1 : 0), .text(redemption.code)])
        if changed == 0 {
            if let existing = try db.queryFirst("SELECT status, redeemed_sale_id FROM vouchers WHERE code = ?",
                                                [.text(redemption.code)], row: { ($0.text(0), $0.optionalText(1)) }) {
                throw StorageError(.voucherAlreadyRedeemed(code: redemption.code, bySaleId: existing.1), call: "commitClosedSale",
                                   message: "voucher \(redemption.code) is \(existing.0)" + (existing.1.map { " by sale \($0)" } ?? ""),
                                   path: db.path)
            }
            try insertVoucher(VoucherRecord(
                code: redemption.code, accountId: redemption.accountId, valueCents: redemption.valueCents,
                createdAt: date, activeFrom: date, status: .redeemed, redeemedBySaleId: saleId, redeemedAt: date,
                redeemedOffline: redemption.offline), createdBySaleId: nil, in: db)
        }
        try db.run("""
            INSERT INTO voucher_redemptions (sale_id, code, account_id, value_cents, offline, redeemed_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """, [.text(saleId), .text(redemption.code), .text(redemption.accountId), .integer(redemption.valueCents),
                  .int(redemption.offline ? 1 : 0), .date(date)])
    }

    static func loadSale(_ saleId: String, in db: Database) throws -> (sale: SaleRecord, printJobIds: [Int64])? {
        guard var sale = try db.queryFirst("""
            SELECT sale_id, kiosk_id, store_id, closed_at, account_id, total_cents, payload, answer
            FROM sales WHERE sale_id = ?
            """, [.text(saleId)], row: { row in
                SaleRecord(saleId: row.text(0), kioskId: row.text(1), storeId: row.text(2), closedAt: row.date(3),
                           accountId: row.optionalText(4), totalCents: row.int64(5), payload: row.blob(6), answer: row.blob(7))
            })
        else { return nil }
        sale.ledger = try db.query("""
            SELECT entry_id, sale_id, recorded_at, account_id, kind, reason, amount, reference
            FROM ledger_entries WHERE sale_id = ? ORDER BY position
            """, [.text(saleId)], row: ledgerEntry).map(\.record)
        sale.vouchersCreated = try db.query("SELECT \(voucherColumns) FROM vouchers WHERE created_sale_id = ? ORDER BY rowid",
                                            [.text(saleId)], row: voucher).map { stored in
            // Report vouchers as they were created, not as they stand now.
            var created = stored
            created.status = .active
            created.redeemedBySaleId = nil
            created.redeemedAt = nil
            created.redeemedOffline = false
            return created
        }
        sale.voucherRedemptions = try db.query("""
            SELECT code, account_id, value_cents, offline FROM voucher_redemptions WHERE sale_id = ? ORDER BY rowid
            """, [.text(saleId)], row: { VoucherRedemptionRecord(code: $0.text(0), accountId: $0.text(1), valueCents: $0.int64(2), offline: $0.int64(3) != 0) })
        let jobs = try db.query("SELECT job_id, kind, bytes FROM print_jobs WHERE sale_id = ? ORDER BY job_id", [.text(saleId)]) {
            ($0.int64(0), PrintJobRequest(kind: PrintJobKind($0.text(1)), bytes: $0.blob(2)))
        }
        sale.printJobs = jobs.map(\.1)
        return (sale, jobs.map(\.0))
    }
}

extension SaleRecord {
    /// The record as it reads back from the database: times rounded to the millisecond,
    /// created vouchers active and attributed to this sale.
    func normalizedForStorage() -> SaleRecord {
        var sale = self
        sale.closedAt = closedAt.roundedToMilliseconds
        sale.vouchersCreated = vouchersCreated.map { voucher in
            var created = voucher
            created.createdAt = voucher.createdAt.roundedToMilliseconds
            created.activeFrom = voucher.activeFrom.roundedToMilliseconds
            created.expiresAt = voucher.expiresAt?.roundedToMilliseconds
            created.status = .active
            created.createdBySaleId = saleId
            created.redeemedBySaleId = nil
            created.redeemedAt = nil
            created.redeemedOffline = false
            return created
        }
        return sale
    }
}
