import Foundation

/// The local copy of cross-store accounts, so a customer can identify while the backend is
/// unreachable.
///
/// Keyed by account id and by every credential of the account. A newer copy replaces an older
/// one, never the reverse: by the document's `revision` when both copies carry one (answers to
/// concurrent or replayed sales arrive in any order), else by `fetchedAt`; so a late or
/// replayed sale answer cannot undo a fresher copy.
public struct AccountCache: Sendable {
    let store: KioskStore

    /// The cache of `store`.
    public init(store: KioskStore) { self.store = store }

    /// Stores `account` (unless a newer copy is already cached) and maps its credentials to it.
    public func store(_ account: CachedAccount) throws {
        try store.write { db in try Self.upsert(account, in: db) }
    }

    /// Stores a copy fetched by an account lookup, unless this kiosk still has sales of the
    /// account (by its id or any of its credentials) pending in the outbox.
    ///
    /// The backend may already have recorded such a sale (its answer lost to a crash, or its
    /// request in flight), so the copy may already count it, while `AccountResolver` adds every
    /// unacknowledged sale from the local ledger: storing it would count that sale twice. The
    /// pending sales' acknowledgements carry the authoritative copy instead; until then quotes
    /// use the last acknowledged copy plus the local ledger (exact for this kiosk's sales; it
    /// may lag another store's activity by the time the outbox takes to drain).
    /// - Returns: whether the copy was stored.
    /// - Throws: `StorageError` on a SQLite failure.
    @discardableResult
    public func storeLookup(_ account: CachedAccount) throws -> Bool {
        try store.write { db in
            for id in [account.accountId] + account.credentials {
                let pending = try db.queryFirst("""
                    SELECT 1 FROM sales JOIN outbox ON outbox.sale_id = sales.sale_id
                    WHERE sales.account_id = ? AND outbox.state = 'pending' LIMIT 1
                    """, [.text(id)], row: { $0.int64(0) })
                if pending != nil { return false }
            }
            try Self.upsert(account, in: db)
            return true
        }
    }

    /// The cached account identified by `credential` (`badge:…`, `card:…`), or nil.
    public func account(credential: String) throws -> CachedAccount? {
        try store.read { db in
            guard let id = try db.queryFirst("SELECT account_id FROM account_credentials WHERE credential = ?",
                                             [.text(credential)], row: { $0.text(0) })
            else { return nil }
            return try Self.load(id, in: db)
        }
    }

    /// The cached account with `accountId`, or nil.
    public func account(id accountId: String) throws -> CachedAccount? {
        try store.read { db in try Self.load(accountId, in: db) }
    }

    static func upsert(_ account: CachedAccount, in db: Database) throws {
        if let existing = try load(account.accountId, in: db), !account.supersedes(existing) { return }
        try db.run("""
            INSERT INTO accounts (account_id, document, fetched_at, source) VALUES (?, ?, ?, ?)
            ON CONFLICT (account_id) DO UPDATE SET document = excluded.document, fetched_at = excluded.fetched_at,
                source = excluded.source
            """, [.text(account.accountId), .blob(account.document), .date(account.fetchedAt), .text(account.source.rawValue)])
        for credential in account.credentials {
            try db.run("INSERT OR REPLACE INTO account_credentials (credential, account_id) VALUES (?, ?)",
                       [.text(credential), .text(account.accountId)])
        }
    }

    static func load(_ accountId: String, in db: Database) throws -> CachedAccount? {
        guard let row = try db.queryFirst("SELECT document, fetched_at, source FROM accounts WHERE account_id = ?",
                                          [.text(accountId)], row: { ($0.blob(0), $0.date(1), $0.text(2)) })
        else { return nil }
        let credentials = try db.query("SELECT credential FROM account_credentials WHERE account_id = ? ORDER BY credential",
                                       [.text(accountId)]) { $0.text(0) }
        return CachedAccount(accountId: accountId, credentials: credentials, document: row.0, fetchedAt: row.1,
                             source: CachedAccount.Source(rawValue: row.2) ?? .lookup)
    }
}

extension KioskStore {
    /// The account cache in this store.
    public var accounts: AccountCache { AccountCache(store: self) }
}
