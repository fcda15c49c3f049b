/// The database schema, as an ordered list of migrations.
///
/// Conventions: times are INTEGER milliseconds since the Unix epoch (UTC); money is INTEGER
/// cents; tables are `STRICT`; the ledger is append-only (triggers refuse UPDATE and DELETE).
public enum Schema {
    /// Every migration, oldest first. The last one's version is the current schema version.
    public static let migrations: [Migration] = [
        Migration(version: 1, summary: "sales, ledger, vouchers, account cache, outbox, dead letters, print queue, counters", sql: """
            CREATE TABLE sales (
                sale_id        TEXT    PRIMARY KEY,
                kiosk_id       TEXT    NOT NULL,
                store_id       TEXT    NOT NULL,
                closed_at      INTEGER NOT NULL,
                account_id     TEXT,
                total_cents    INTEGER NOT NULL,
                payload        BLOB    NOT NULL,
                answer         BLOB    NOT NULL,
                committed_at   INTEGER NOT NULL,
                delivered_at   INTEGER,
                backend_status INTEGER
            ) STRICT;
            CREATE INDEX sales_by_account ON sales(account_id, closed_at) WHERE account_id IS NOT NULL;

            CREATE TABLE ledger_entries (
                entry_id    INTEGER PRIMARY KEY,
                sale_id     TEXT    NOT NULL REFERENCES sales(sale_id),
                position    INTEGER NOT NULL,
                account_id  TEXT    NOT NULL,
                kind        TEXT    NOT NULL CHECK (kind IN ('points', 'stamps', 'cashback', 'voucher')),
                reason      TEXT    NOT NULL,
                amount      INTEGER NOT NULL,
                reference   TEXT,
                recorded_at INTEGER NOT NULL,
                UNIQUE (sale_id, position)
            ) STRICT;
            CREATE INDEX ledger_by_account ON ledger_entries(account_id, kind);
            CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
                BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
            CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
                BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;

            CREATE TABLE vouchers (
                code              TEXT    PRIMARY KEY,
                account_id        TEXT    NOT NULL,
                value_cents       INTEGER NOT NULL CHECK (value_cents >= 0),
                created_at        INTEGER NOT NULL,
                active_from       INTEGER NOT NULL,
                expires_at        INTEGER,
                delivery          TEXT    NOT NULL,
                status            TEXT    NOT NULL CHECK (status IN ('active', 'redeemed', 'cancelled')),
                created_sale_id   TEXT    REFERENCES sales(sale_id),
                redeemed_sale_id  TEXT    REFERENCES sales(sale_id),
                redeemed_at       INTEGER,
                redeemed_offline  INTEGER NOT NULL DEFAULT 0
            ) STRICT;
            CREATE INDEX vouchers_by_account ON vouchers(account_id, created_at);

            CREATE TABLE voucher_redemptions (
                sale_id     TEXT    NOT NULL REFERENCES sales(sale_id),
                code        TEXT    NOT NULL REFERENCES vouchers(code),
                account_id  TEXT    NOT NULL,
                value_cents INTEGER NOT NULL,
                offline     INTEGER NOT NULL,
                redeemed_at INTEGER NOT NULL,
                PRIMARY KEY (sale_id, code)
            ) STRICT;

            CREATE TABLE accounts (
                account_id TEXT    PRIMARY KEY,
                document   BLOB    NOT NULL,
                fetched_at INTEGER NOT NULL,
                source     TEXT    NOT NULL
            ) STRICT;
            CREATE TABLE account_credentials (
                credential TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(account_id)
            ) STRICT;

            CREATE TABLE outbox (
                seq             INTEGER PRIMARY KEY AUTOINCREMENT,
                sale_id         TEXT    NOT NULL UNIQUE REFERENCES sales(sale_id),
                state           TEXT    NOT NULL CHECK (state IN ('pending', 'dead')),
                attempts        INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL DEFAULT 0,
                last_error      TEXT,
                enqueued_at     INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX outbox_due ON outbox(next_attempt_at, seq) WHERE state = 'pending';

            CREATE TABLE dead_letters (
                sale_id       TEXT    PRIMARY KEY REFERENCES outbox(sale_id),
                http_status   INTEGER,
                response_body BLOB    NOT NULL,
                reason        TEXT    NOT NULL,
                dead_at       INTEGER NOT NULL
            ) STRICT;

            CREATE TABLE print_jobs (
                job_id          INTEGER PRIMARY KEY AUTOINCREMENT,
                sale_id         TEXT    REFERENCES sales(sale_id),
                kind            TEXT    NOT NULL,
                bytes           BLOB    NOT NULL,
                status          TEXT    NOT NULL CHECK (status IN ('pending', 'printed', 'abandoned')),
                attempts        INTEGER NOT NULL DEFAULT 0,
                last_error      TEXT,
                created_at      INTEGER NOT NULL,
                last_attempt_at INTEGER,
                finished_at     INTEGER
            ) STRICT;
            CREATE INDEX print_jobs_pending ON print_jobs(job_id) WHERE status = 'pending';
            CREATE INDEX print_jobs_by_sale ON print_jobs(sale_id) WHERE sale_id IS NOT NULL;

            CREATE TABLE counters (
                name  TEXT    PRIMARY KEY,
                value INTEGER NOT NULL
            ) STRICT;
            """),
        Migration(version: 2, summary: "voucher holds: backend redemptions of sales not yet committed, and their releases", sql: """
            CREATE TABLE voucher_holds (
                idempotency_key TEXT    PRIMARY KEY,
                sale_id         TEXT    NOT NULL,
                code            TEXT    NOT NULL,
                state           TEXT    NOT NULL CHECK (state IN ('held', 'release')),
                attempts        INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL DEFAULT 0,
                last_error      TEXT,
                held_at         INTEGER NOT NULL,
                seq             INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX voucher_holds_by_sale ON voucher_holds(sale_id);
            CREATE INDEX voucher_holds_due ON voucher_holds(next_attempt_at, seq) WHERE state = 'release';
            """),
    ]

    /// The schema version this build writes (`PRAGMA user_version`).
    public static var currentVersion: Int { migrations.last?.version ?? 0 }
}
