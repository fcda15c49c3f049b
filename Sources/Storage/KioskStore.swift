import CSQLite
import Foundation

/// The kiosk's durable state in one SQLite file: sales, ledger, vouchers, account cache,
/// outbox, dead letters, print queue and counters.
///
/// Guarantees:
/// - The file is in WAL mode with `synchronous=FULL`: a commit returns after the WAL is
///   fsynced, so a closed sale survives a power cut, not only a crash.
/// - One connection per `KioskStore`, used by one thread at a time (an internal lock):
///   in the daemon this is the single writer. `kioskctl` opens its own `KioskStore` on the
///   same file; SQLite's locks and the busy timeout keep both safe.
/// - Every write is one `BEGIN IMMEDIATE` transaction.
///
/// Calls block for the duration of one SQLite transaction (about one fsync for a write).
public final class KioskStore: @unchecked Sendable {
    /// The database file name inside the state directory.
    public static let databaseFileName = "kioskd.sqlite"
    /// Default time a connection waits for another one's write lock before failing with `.busy`.
    public static let defaultBusyTimeoutMilliseconds: Int32 = 5_000

    /// The database file.
    public let path: String
    /// The clock stamping records (commit, enqueue, attempt times).
    let now: @Sendable () -> Date

    private let lock = NSLock()
    private let database: Database
    private var observers: [@Sendable (StoreChange) -> Void] = []

    /// Opens the store at `path`, creating and migrating it when needed.
    ///
    /// Sets, in order: `busy_timeout`, `journal_mode=WAL`, `synchronous=FULL`, `foreign_keys=ON`,
    /// then applies pending migrations.
    /// - Throws: `StorageError` when the file cannot be opened, WAL is refused, or the schema is
    ///   newer than this build.
    public init(
        path: String,
        busyTimeoutMilliseconds: Int32 = KioskStore.defaultBusyTimeoutMilliseconds,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        self.path = path
        self.now = now
        database = try Database(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        let mode = try database.pragma("journal_mode = WAL")
        guard mode.lowercased() == "wal" else {
            throw StorageError(.pragmaRefused(name: "journal_mode", value: mode), call: "PRAGMA journal_mode",
                               message: "expected wal, got \(mode)", path: path)
        }
        try database.execute("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA journal_size_limit = 67108864;")
        _ = try Migrator.migrate(database)
    }

    /// Opens `kioskd.sqlite` in `stateDirectory`, creating the directory (mode 0750) if needed.
    /// - Throws: `StorageError` naming `mkdir` or the SQLite call that failed.
    public convenience init(
        stateDirectory: String,
        busyTimeoutMilliseconds: Int32 = KioskStore.defaultBusyTimeoutMilliseconds,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        } catch {
            throw StorageError(.notFound(what: "state directory"), call: "mkdir", message: "\(error)", path: stateDirectory)
        }
        try self.init(path: (stateDirectory as NSString).appendingPathComponent(Self.databaseFileName),
                      busyTimeoutMilliseconds: busyTimeoutMilliseconds, now: now)
    }

    /// Runs `body` with exclusive use of the connection.
    func withDatabase<T>(_ body: (Database) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(database)
    }

    /// Runs `body` in one write transaction with exclusive use of the connection.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try withDatabase { db in try db.writeTransaction { try body(db) } }
    }

    /// Runs `body` in one read transaction (one consistent snapshot).
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try withDatabase { db in try db.readTransaction { try body(db) } }
    }

    // MARK: change notifications

    /// Registers `handler`, called after each commit that changes what a worker waits for
    /// (a sale to relay, a job to print, dead letters put back in the queue).
    ///
    /// Handlers run on the committing thread, after the transaction and outside the store's
    /// lock; they must only signal (e.g. wake a drainer), never block.
    public func observeChanges(_ handler: @escaping @Sendable (StoreChange) -> Void) {
        lock.lock()
        observers.append(handler)
        lock.unlock()
    }

    func notify(_ change: StoreChange) {
        lock.lock()
        let handlers = observers
        lock.unlock()
        for handler in handlers { handler(change) }
    }

    // MARK: diagnostics

    /// The connection's settings as SQLite reports them, for tests and `kioskctl doctor`.
    /// - Throws: `StorageError` when a pragma cannot be read.
    public func pragmas() throws -> StoragePragmas {
        try withDatabase { db in
            StoragePragmas(
                journalMode: try db.pragma("journal_mode"),
                synchronous: Int(try db.pragma("synchronous")) ?? -1,
                busyTimeoutMilliseconds: Int(try db.pragma("busy_timeout")) ?? -1,
                foreignKeys: try db.pragma("foreign_keys") == "1",
                userVersion: Int(try db.pragma("user_version")) ?? -1)
        }
    }

    /// Runs `PRAGMA integrity_check`; returns its lines (`["ok"]` for a sound file).
    public func integrityCheck() throws -> [String] {
        try withDatabase { db in try db.query("PRAGMA integrity_check") { $0.text(0) } }
    }
}

/// Something committed that a worker may be waiting for.
public enum StoreChange: Sendable, Equatable {
    /// A sale (and its outbox row) committed.
    case saleCommitted(saleId: String)
    /// Print jobs were queued (with a sale or standalone).
    case printJobsQueued(jobIds: [Int64])
    /// Dead letters were put back in the outbox.
    case outboxRequeued(count: Int)
    /// Voucher redemptions were queued for release (`VoucherHolds`).
    case voucherReleasesQueued(count: Int)
}

/// The connection settings read back from SQLite.
public struct StoragePragmas: Sendable, Equatable {
    /// `PRAGMA journal_mode`: `wal`.
    public let journalMode: String
    /// `PRAGMA synchronous`: 2 = FULL.
    public let synchronous: Int
    public let busyTimeoutMilliseconds: Int
    public let foreignKeys: Bool
    /// `PRAGMA user_version`: the schema version.
    public let userVersion: Int
}
