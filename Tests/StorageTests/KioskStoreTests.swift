import CSQLite
import Foundation
import Storage
import Testing
import TestSupport

@Suite("KioskStore: opening, pragmas, migrations, second connection")
struct KioskStoreTests {
    @Test("the database is opened in WAL mode with synchronous=FULL, foreign keys and a busy timeout")
    func pragmasReadBack() throws {
        let fixture = try StoreFixture()
        let pragmas = try fixture.store.pragmas()
        #expect(pragmas.journalMode == "wal", "journal_mode must be WAL")
        #expect(pragmas.synchronous == 2, "synchronous must be FULL (2): a power cut, unlike SIGKILL, tells FULL from NORMAL")
        #expect(pragmas.busyTimeoutMilliseconds == Int(KioskStore.defaultBusyTimeoutMilliseconds))
        #expect(pragmas.foreignKeys, "foreign keys must be enforced")
        #expect(pragmas.userVersion == Schema.currentVersion, "the schema version lives in PRAGMA user_version")
    }

    @Test("a second connection (kioskctl) sees the same settings and the first connection's commits")
    func secondConnection() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.commitClosedSale(makeSale("S-1"))
        let other = try fixture.secondConnection()
        let pragmas = try other.pragmas()
        #expect(pragmas.journalMode == "wal")
        #expect(pragmas.synchronous == 2)
        #expect(try other.sale(id: "S-1") != nil, "the second connection reads what the first committed")
        #expect(try other.outbox.counts().pending == 1)
    }

    @Test("reopening an up-to-date file applies no migration and keeps the data")
    func reopen() throws {
        let directory = TemporaryDirectory()
        do {
            let store = try KioskStore(stateDirectory: directory.path)
            _ = try store.commitClosedSale(makeSale("S-1"))
        }
        let reopened = try KioskStore(stateDirectory: directory.path)
        #expect(try reopened.saleCount() == 1)
        #expect(try reopened.pragmas().userVersion == Schema.currentVersion)
    }

    @Test("a file written by a newer schema is refused with both versions in the message")
    func schemaTooNew() throws {
        let directory = TemporaryDirectory()
        let path = directory.url.appendingPathComponent(KioskStore.databaseFileName).path
        do {
            let raw = try Database(path: path, busyTimeoutMilliseconds: 100)
            try raw.execute("PRAGMA user_version = 99")
        }
        #expect {
            _ = try KioskStore(path: path)
        } throws: { error in
            guard let error = error as? StorageError else { return false }
            return error.kind == .schemaTooNew(found: 99, supported: Schema.currentVersion)
                && error.description.contains("99") && error.description.contains(path)
        }
    }

    @Test("an unopenable path fails naming sqlite3_open_v2 and the path")
    func unopenable() throws {
        let directory = TemporaryDirectory()
        let path = directory.url.appendingPathComponent("missing/dir/kioskd.sqlite").path
        #expect {
            _ = try KioskStore(path: path)
        } throws: { error in
            let text = "\(error)"
            return text.contains("sqlite3_open_v2") && text.contains(path)
        }
    }

    @Test("a writer blocked past the busy timeout fails with .busy naming the call, then succeeds once the lock is gone")
    func busyTimeout() throws {
        let fixture = try StoreFixture()
        let blocker = try Database(path: fixture.store.path, busyTimeoutMilliseconds: 100)
        try blocker.execute("BEGIN IMMEDIATE")
        let impatient = try fixture.secondConnection(busyTimeoutMilliseconds: 50)
        #expect {
            _ = try impatient.commitClosedSale(makeSale("S-busy"))
        } throws: { error in
            guard let error = error as? StorageError else { return false }
            return error.kind == .busy && error.description.contains("database is locked")
        }
        try blocker.execute("COMMIT")
        #expect(try impatient.commitClosedSale(makeSale("S-busy")).wasAlreadyCommitted == false)
    }

    @Test("StorageError prints the call, path, SQLite message, code and statement")
    func errorDescription() {
        let error = StorageError(.sqlite(code: 19), call: "sqlite3_step", message: "UNIQUE constraint failed: sales.sale_id",
                                 path: "/var/lib/kioskd/kioskd.sqlite", sql: "INSERT INTO sales (sale_id)\n VALUES (?)")
        #expect(error.description == #"sqlite3_step failed on '/var/lib/kioskd/kioskd.sqlite': UNIQUE constraint failed: sales.sale_id (code 19) in "INSERT INTO sales (sale_id) VALUES (?)""#)
    }

    @Test("voucher serials are reserved durably and never reused")
    func voucherSerials() throws {
        let fixture = try StoreFixture()
        #expect(try fixture.store.reserveVoucherSerials(count: 1) == 1...1)
        #expect(try fixture.store.reserveVoucherSerials(count: 10) == 2...11)
        let other = try fixture.secondConnection()
        #expect(try other.reserveVoucherSerials(count: 2) == 12...13, "a second connection continues the same counter")
    }

    @Test("the file passes SQLite's integrity check after use")
    func integrity() throws {
        let fixture = try StoreFixture()
        for i in 0..<20 { _ = try fixture.store.commitClosedSale(makeSale("S-\(i)")) }
        #expect(try fixture.store.integrityCheck() == ["ok"])
    }
}
