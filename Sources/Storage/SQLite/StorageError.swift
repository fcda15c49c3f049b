import CSQLite

/// An error from the storage layer, naming the operation that failed and why.
///
/// SQLite failures carry the C call (`sqlite3_step`), the result code, SQLite's own message,
/// the database path and the statement, so a log line says exactly what went wrong:
/// `sqlite3_step failed on '/var/lib/kioskd/kioskd.sqlite': database is locked (code 5) in "INSERT INTO sales …"`.
public struct StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// A SQLite call returned `code` (extended result code).
        case sqlite(code: Int32)
        /// A system call failed with `errno` (e.g. `mkfifo`, `open` of the doorbell).
        case system(errno: Int32)
        /// The database was locked by another connection for longer than the busy timeout (`SQLITE_BUSY`).
        case busy
        /// The file's schema (`PRAGMA user_version`) is newer than this build knows.
        case schemaTooNew(found: Int, supported: Int)
        /// A pragma did not take the value the store requires (e.g. `journal_mode` is not `wal`).
        case pragmaRefused(name: String, value: String)
        /// A voucher redeemed by a sale was already redeemed by another sale.
        case voucherAlreadyRedeemed(code: String, bySaleId: String?)
        /// A voucher created by a sale has a code that already exists.
        case duplicateVoucherCode(code: String)
        /// The row the operation needed does not exist (e.g. retrying a sale that is not a dead letter).
        case notFound(what: String)
        /// A value read from the database does not have the expected shape.
        case corruptRow(what: String)
    }

    /// What went wrong.
    public let kind: Kind
    /// The C call or store operation that failed (`sqlite3_open_v2`, `commitClosedSale`).
    public let call: String
    /// SQLite's message, or a sentence saying what was expected.
    public let message: String
    /// The database file, when known.
    public let path: String?
    /// The SQL statement, when the failure is tied to one.
    public let sql: String?

    /// Creates an error; prefer the typed factory methods of `Database` and the store.
    public init(_ kind: Kind, call: String, message: String, path: String? = nil, sql: String? = nil) {
        self.kind = kind
        self.call = call
        self.message = message
        self.path = path
        self.sql = sql
    }

    /// True when the disk holding the database is full (`SQLITE_FULL`, or `ENOSPC` from a
    /// system call): the transaction was rolled back; it can succeed once space is freed.
    public var isDiskFull: Bool {
        switch kind {
        case .sqlite(let code): return code & 0xFF == SQLITE_FULL
        case .system(let errno): return errno == 28  // ENOSPC
        default: return false
        }
    }

    public var description: String {
        var text = "\(call) failed"
        if let path { text += " on '\(path)'" }
        text += ": \(message)"
        if case .sqlite(let code) = kind { text += " (code \(code))" }
        if case .busy = kind { text += " (code \(SQLITE_BUSY))" }
        if case .system(let errno) = kind { text += " (errno \(errno))" }
        if let sql {
            let flat = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            text += " in \"\(flat.count > 80 ? String(flat.prefix(80)) + "…" : flat)\""
        }
        return text
    }
}

/// Extended result codes that are C macros Swift does not import.
enum SQLiteExtendedCode {
    /// `SQLITE_CONSTRAINT_PRIMARYKEY` = `SQLITE_CONSTRAINT | (6 << 8)`.
    static let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)
    /// `SQLITE_CONSTRAINT_UNIQUE` = `SQLITE_CONSTRAINT | (8 << 8)`.
    static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)
}
