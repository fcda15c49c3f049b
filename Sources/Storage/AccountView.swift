import Foundation

/// What this kiosk knows of a customer's account, read in ONE snapshot: the backend's last
/// copy, the ledger entries of sales the backend has not acknowledged yet, and the vouchers.
///
/// One snapshot matters: the relay marks a sale delivered and stores the account copy that
/// includes it in one transaction. Reading the copy and the delivered marks in two steps could
/// see the old copy and the new mark, and miss the sale (or the reverse, and count it twice).
public struct AccountView: Sendable, Equatable {
    /// The cached copy found by the credential, or nil.
    public let cached: CachedAccount?
    /// Per account id (the cached copy's id and the credential itself, which is the account id
    /// of sales closed before any copy was cached): the ledger entries of sales not yet
    /// acknowledged by the backend, in the order they were appended.
    public let unacknowledged: [String: [LedgerEntry]]
    /// Per account id (same keys): the voucher history, oldest first.
    public let vouchers: [String: [VoucherRecord]]
}

extension KioskStore {
    /// The account view of `credential` (`badge:04A1B2C3`), in one read transaction.
    /// - Throws: `StorageError` on a SQLite failure.
    public func accountView(credential: String) throws -> AccountView {
        try read { db in
            var cached: CachedAccount?
            if let id = try db.queryFirst("SELECT account_id FROM account_credentials WHERE credential = ?",
                                          [.text(credential)], row: { $0.text(0) }) {
                cached = try AccountCache.load(id, in: db)
            }
            var unacknowledged: [String: [LedgerEntry]] = [:]
            var vouchers: [String: [VoucherRecord]] = [:]
            for id in Set([credential] + (cached.map { [$0.accountId] } ?? [])) {
                unacknowledged[id] = try db.query("""
                    SELECT l.entry_id, l.sale_id, l.recorded_at, l.account_id, l.kind, l.reason, l.amount, l.reference
                    FROM ledger_entries l JOIN sales s ON s.sale_id = l.sale_id
                    WHERE l.account_id = ? AND s.delivered_at IS NULL ORDER BY l.entry_id
                    """, [.text(id)], row: Self.ledgerEntry)
                vouchers[id] = try db.query("SELECT \(Self.voucherColumns) FROM vouchers WHERE account_id = ? ORDER BY created_at, code",
                                            [.text(id)], row: Self.voucher)
            }
            return AccountView(cached: cached, unacknowledged: unacknowledged, vouchers: vouchers)
        }
    }
}
