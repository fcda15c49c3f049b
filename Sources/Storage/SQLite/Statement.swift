import CSQLite

/// A value bound to or read from a SQL statement.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])

    /// `.text(value)` or `.null` when `value` is nil.
    public static func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    /// `.integer(value)` or `.null` when `value` is nil.
    public static func integer(_ value: Int64?) -> SQLValue { value.map { .integer($0) } ?? .null }
    /// `.integer(Int64(value))`.
    public static func int(_ value: Int) -> SQLValue { .integer(Int64(value)) }
}

/// `SQLITE_TRANSIENT`: SQLite copies bound text and blobs before `sqlite3_bind_*` returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement (`sqlite3_stmt`) owned by its `Database`'s cache.
///
/// Use through `Database.run`, `query` and `queryFirst`, which reset it after each use.
/// Column indexes are 0-based, bind indexes 1-based as in SQLite.
public final class Statement {
    let handle: OpaquePointer
    /// The statement's SQL text.
    public let sql: String
    private unowned let database: Database

    init(handle: OpaquePointer, sql: String, database: Database) {
        self.handle = handle
        self.sql = sql
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `values` to parameters 1…n (`sqlite3_bind_*`).
    /// - Throws: `StorageError` naming the `sqlite3_bind_*` call.
    public func bind(_ values: [SQLValue]) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            let call: String
            switch value {
            case .null:
                rc = sqlite3_bind_null(handle, index); call = "sqlite3_bind_null"
            case .integer(let n):
                rc = sqlite3_bind_int64(handle, index, n); call = "sqlite3_bind_int64"
            case .text(let s):
                rc = sqlite3_bind_text(handle, index, s, -1, transient); call = "sqlite3_bind_text"
            case .blob(let bytes):
                rc = bytes.withUnsafeBytes { raw in
                    // A zero-length blob must still bind as a blob, not NULL: zeroblob(0) does.
                    raw.baseAddress.map { sqlite3_bind_blob64(handle, index, $0, UInt64(raw.count), transient) }
                        ?? sqlite3_bind_zeroblob(handle, index, 0)
                }
                call = "sqlite3_bind_blob64"
            }
            if rc != SQLITE_OK { throw database.error(rc, call: call, sql: sql) }
        }
    }

    /// Advances to the next row (`sqlite3_step`).
    /// - Returns: true when a row is available (`SQLITE_ROW`), false when done (`SQLITE_DONE`).
    /// - Throws: `StorageError` naming `sqlite3_step` (constraint violations, busy, I/O errors).
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(rc, call: "sqlite3_step", sql: sql)
        }
    }

    /// Resets the statement and clears its bindings, ready for reuse.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Whether column `index` of the current row is NULL.
    public func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    /// Column `index` as an integer (0 when NULL).
    public func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    /// Column `index` as an integer, nil when NULL.
    public func optionalInt64(_ index: Int32) -> Int64? { isNull(index) ? nil : int64(index) }

    /// Column `index` as text ("" when NULL).
    public func text(_ index: Int32) -> String {
        guard let raw = sqlite3_column_text(handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: raw, count: count), as: UTF8.self)
    }

    /// Column `index` as text, nil when NULL.
    public func optionalText(_ index: Int32) -> String? { isNull(index) ? nil : text(index) }

    /// Column `index` as bytes (empty when NULL).
    public func blob(_ index: Int32) -> [UInt8] {
        // sqlite3_column_blob first, then sqlite3_column_bytes (the order SQLite documents).
        guard let raw = sqlite3_column_blob(handle, index) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, index))
        return Array(UnsafeRawBufferPointer(start: raw, count: count))
    }

    /// Column `index` as bytes, nil when NULL.
    public func optionalBlob(_ index: Int32) -> [UInt8]? { isNull(index) ? nil : blob(index) }
}
