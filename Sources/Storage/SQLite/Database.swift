import CSQLite
import Foundation

/// One SQLite connection with a cache of prepared statements.
///
/// A `Database` is not thread-safe by itself (it is opened with `SQLITE_OPEN_NOMUTEX`):
/// `KioskStore` serialises every use behind a lock. Statements are prepared once per SQL text
/// and reused (`sqlite3_prepare_v3` with `SQLITE_PREPARE_PERSISTENT`), then reset after each use.
public final class Database {
    /// The file this connection is open on.
    public let path: String
    let handle: OpaquePointer
    private var statements: [String: Statement] = [:]

    /// Opens (creating if needed) the database at `path`.
    ///
    /// Stands for `sqlite3_open_v2(path, READWRITE | CREATE | NOMUTEX)` followed by
    /// `sqlite3_extended_result_codes(1)` and `sqlite3_busy_timeout(busyTimeoutMilliseconds)`.
    /// - Throws: `StorageError` naming `sqlite3_open_v2` and SQLite's message.
    public init(path: String, busyTimeoutMilliseconds: Int32) throws {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            if let db { sqlite3_close_v2(db) }
            throw StorageError(.sqlite(code: rc), call: "sqlite3_open_v2", message: message, path: path)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
    }

    deinit {
        statements.removeAll()  // finalizes every cached statement before the connection closes
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that return no rows (`sqlite3_exec`).
    /// - Throws: `StorageError` naming `sqlite3_exec`.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(errorMessage)
            throw error(rc, call: "sqlite3_exec", message: message, sql: sql)
        }
    }

    /// The cached prepared statement for `sql`, reset and with its bindings cleared.
    /// - Throws: `StorageError` naming `sqlite3_prepare_v3`.
    public func statement(_ sql: String) throws -> Statement {
        if let cached = statements[sql] { return cached }
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard rc == SQLITE_OK, let raw else {
            throw error(rc, call: "sqlite3_prepare_v3", sql: sql)
        }
        let statement = Statement(handle: raw, sql: sql, database: self)
        statements[sql] = statement
        return statement
    }

    /// Prepares `sql`, binds `values` and runs it to completion (for INSERT, UPDATE, DELETE).
    /// - Returns: the number of rows changed (`sqlite3_changes`).
    /// - Throws: `StorageError` naming the failing call.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLValue] = []) throws -> Int {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Prepares `sql`, binds `values` and maps every row with `row`.
    /// - Throws: `StorageError` naming the failing call, or what `row` throws.
    public func query<T>(_ sql: String, _ values: [SQLValue] = [], row: (Statement) throws -> T) throws -> [T] {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        var rows: [T] = []
        while try statement.step() { rows.append(try row(statement)) }
        return rows
    }

    /// The first row of `sql` mapped with `row`, or nil when there is none.
    public func queryFirst<T>(_ sql: String, _ values: [SQLValue] = [], row: (Statement) throws -> T) throws -> T? {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        return try statement.step() ? try row(statement) : nil
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back when it throws.
    ///
    /// `IMMEDIATE` takes the write lock up front, so two connections never deadlock on a
    /// read-to-write upgrade; a second writer waits up to the busy timeout. With
    /// `synchronous=FULL` in WAL mode the `COMMIT` returns after the WAL is fsynced.
    /// - Throws: `StorageError` from BEGIN/COMMIT, or what `body` throws (after the rollback).
    public func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try run("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try run("COMMIT")
            return result
        } catch {
            if sqlite3_get_autocommit(handle) == 0 { _ = try? run("ROLLBACK") }
            throw error
        }
    }

    /// Runs `body` inside a read transaction (`BEGIN DEFERRED … COMMIT`), so every query in it
    /// sees the same snapshot.
    public func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try run("BEGIN DEFERRED")
        defer { if sqlite3_get_autocommit(handle) == 0 { _ = try? run("COMMIT") } }
        return try body()
    }

    /// The rowid of the last inserted row (`sqlite3_last_insert_rowid`).
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// The value of `PRAGMA name` as text (e.g. `journal_mode` → `wal`).
    /// - Throws: `StorageError` when the pragma returns no row.
    public func pragma(_ name: String) throws -> String {
        guard let value = try queryFirst("PRAGMA \(name)", row: { $0.text(0) }) else {
            throw StorageError(.corruptRow(what: "PRAGMA \(name)"), call: "PRAGMA", message: "no value", path: path)
        }
        return value
    }

    /// A `StorageError` for result code `rc`, with SQLite's current message for this connection.
    func error(_ rc: Int32, call: String, message: String? = nil, sql: String? = nil) -> StorageError {
        let text = message ?? String(cString: sqlite3_errmsg(handle))
        let primary = rc & 0xFF
        let kind: StorageError.Kind = primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? .busy : .sqlite(code: rc)
        return StorageError(kind, call: call, message: text, path: path, sql: sql)
    }
}
