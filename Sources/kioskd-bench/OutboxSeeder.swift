import CSQLite
import Foundation
import Identity
import KioskService
import Storage

/// Fills a store's outbox with `count` undelivered sales quickly: one sale is closed through
/// `SaleDesk` (a real payload: basket, payments, loyalty, footer), then cloned in ONE SQLite
/// transaction with fresh sale ids (the payload's `saleId` rewritten to match). Closing
/// 100,000 sales one durable commit at a time would take minutes; the drainer cannot tell.
enum OutboxSeeder {
    /// The sale ids, `bench-0000001` …, in enqueue order.
    static func saleId(_ index: Int) -> String { "bench-" + String(format: "%07d", index) }

    static func seed(store: KioskStore, count: Int) async throws {
        let desk = SaleCloseBench.makeDesk(store: store)
        let template = "bench-template"
        _ = try await desk.close(
            orderId: "o-template", saleId: template, identity: .confirmed(.badge(try CardUID(hex: "04A1B2C3"))),
            request: try SaleCloseBench.closeRequest(), redemptions: OrderRedemptions())
        var database: OpaquePointer?
        guard sqlite3_open(store.path, &database) == SQLITE_OK, let database else {
            throw BenchFailure("sqlite3_open('\(store.path)') failed")
        }
        defer { sqlite3_close(database) }
        sqlite3_busy_timeout(database, 10_000)
        let script = """
            BEGIN IMMEDIATE;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(count))
            INSERT INTO sales (sale_id, kiosk_id, store_id, closed_at, account_id, total_cents, payload, answer, committed_at)
            SELECT 'bench-' || printf('%07d', i), kiosk_id, store_id, closed_at, account_id, total_cents,
                   CAST(replace(CAST(payload AS TEXT), '\(template)', 'bench-' || printf('%07d', i)) AS BLOB), answer, committed_at
            FROM sales, n WHERE sale_id = '\(template)' ORDER BY i;
            INSERT INTO outbox (sale_id, state, enqueued_at)
            SELECT sale_id, 'pending', committed_at FROM sales WHERE sale_id GLOB 'bench-[0-9]*' ORDER BY sale_id;
            DELETE FROM outbox WHERE sale_id = '\(template)';
            COMMIT;
            """
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(database, script, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "unknown"
            sqlite3_free(message)
            throw BenchFailure("seeding \(count) sales: \(text)")
        }
        let counts = try store.outbox.counts()
        guard counts.pending == count else { throw BenchFailure("seeded \(counts.pending) pending sales, expected \(count)") }
    }
}
