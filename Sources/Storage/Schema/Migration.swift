/// One step of the schema: SQL applied once, in a transaction, moving `PRAGMA user_version`
/// from `version - 1` to `version`.
///
/// Migrations are append-only: a released step is never edited; a change is a new step.
public struct Migration: Sendable {
    /// The `user_version` the database has after this step.
    public let version: Int
    /// What the step does, for logs.
    public let summary: String
    /// The SQL statements of the step.
    public let sql: String
}

/// Applies `Schema.migrations` to a database, each step in its own `BEGIN IMMEDIATE` transaction.
enum Migrator {
    /// Brings `database` to the latest schema version.
    ///
    /// Safe when two processes open a fresh file at once: the version is re-read inside the
    /// write transaction, so a step is never applied twice.
    /// - Returns: the versions applied (empty when the file was up to date).
    /// - Throws: `StorageError.Kind.schemaTooNew` when the file was written by a newer build.
    static func migrate(_ database: Database, migrations: [Migration] = Schema.migrations) throws -> [Int] {
        let latest = migrations.last?.version ?? 0
        var applied: [Int] = []
        // An up-to-date file needs no write lock: opening the store while another process
        // writes (kioskctl next to the daemon) must not wait for that writer.
        let startVersion = try userVersion(database)
        let pending = migrations.filter { $0.version > startVersion }
        for migration in pending {
            let done = try database.writeTransaction { () -> Bool in
                let current = try userVersion(database)
                if current > latest {
                    throw StorageError(.schemaTooNew(found: current, supported: latest), call: "migrate",
                                       message: "schema version \(current) is newer than this build supports (\(latest))",
                                       path: database.path)
                }
                guard current == migration.version - 1 else { return false }
                try database.execute(migration.sql)
                try database.execute("PRAGMA user_version = \(migration.version)")
                return true
            }
            if done { applied.append(migration.version) }
        }
        if applied.isEmpty {  // an up-to-date file still has to be checked against a newer one
            let current = try userVersion(database)
            if current > latest {
                throw StorageError(.schemaTooNew(found: current, supported: latest), call: "migrate",
                                   message: "schema version \(current) is newer than this build supports (\(latest))",
                                   path: database.path)
            }
        }
        return applied
    }

    static func userVersion(_ database: Database) throws -> Int {
        Int(try database.queryFirst("PRAGMA user_version", row: { $0.int64(0) }) ?? 0)
    }
}
