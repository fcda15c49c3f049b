import Foundation
import Storage
import Testing
import TestSupport

/// Checks, once kioskd's outbox has drained, that every sale reached the backend exactly once
/// and the ledger balances: the invariants of the crash and chaos tests.
///
/// - The backend recorded each sale once, never with another body, byte for byte as stored.
/// - Every close answered 2xx is in the backend; the backend holds nothing the kiosk's SQLite
///   lacks, and the kiosk holds nothing the backend lacks (all delivered, outbox empty).
/// - Per customer: the ledger's sum is the backend's balance and the cached account's balance,
///   and each answered close showed (`loyalty.accountAfter.balance`) the ledger's running sum
///   up to its sale.
enum SaleAudit {
    /// What the audit counted.
    struct Figures: Sendable {
        var recorded = 0
        var answered = 0
        var lostAnswers = 0
        var duplicates = 0
        var conflicts = 0
        /// The number of failed expectations (0 when the audit passed).
        var problems = 0
    }

    /// Audits `store` (a connection on kioskd's database, which may be running but idle)
    /// against `backend` and the closes a client saw.
    static func verify(
        store: KioskStore, backend: LoopbackBackend, closes: [SaleClient.Close], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Figures {
        var figures = Figures()
        func check(_ condition: Bool, _ message: @autoclosure () -> String) {
            if !condition {
                figures.problems += 1
                Issue.record(Comment(rawValue: message()), sourceLocation: sourceLocation)
            }
        }
        let recorded = try await backend.recordedSales()
        let stats = try await backend.stats()
        let answered = closes.filter { ($0.status ?? 0) / 100 == 2 }
        let recordedIds = Set(recorded.map(\.saleId))
        figures.recorded = recordedIds.count
        figures.answered = answered.count
        figures.lostAnswers = closes.filter { $0.status == nil }.count
        figures.duplicates = max(recorded.count, stats.recorded) - recordedIds.count
        figures.conflicts = stats.conflicts
        check(figures.duplicates == 0, "no sale recorded twice: \(stats)")
        check(stats.conflicts == 0, "no sale id sent with another body: \(stats)")
        let missing = answered.map(\.saleId).filter { !recordedIds.contains($0) }
        check(missing.isEmpty, "every sale answered 2xx is in the backend: missing \(missing)")
        let stored = try store.saleCount()
        check(stored == recordedIds.count, "the kiosk holds exactly the sales the backend recorded: \(stored) vs \(recordedIds.count)")
        for sale in recorded {
            let record = try store.sale(id: sale.saleId)
            check(record != nil, "\(sale.saleId) in the backend is in the kiosk's database")
            check(record == nil || record?.payload == Array(sale.body.utf8), "the backend holds the stored payload of \(sale.saleId)")
            check(try store.deliveredAt(saleId: sale.saleId) != nil, "\(sale.saleId) is marked delivered")
        }
        let counts = try store.outbox.counts()
        check(counts.pending == 0 && counts.dead == 0, "the outbox drained: \(counts)")
        check(try store.integrityCheck() == ["ok"], "SQLite's integrity check passes")

        let api = LoopbackHTTPClient(endpoint: .tcp(port: UInt16(backend.port)), token: backend.token)
        for uid in SaleClient.customers {
            let accountId = "badge:\(uid)"
            let entries = try store.ledgerEntries(accountId: accountId).filter { $0.record.kind == .points }
            let sum = entries.reduce(0) { $0 + Int($1.record.amount) }
            let remote = try await api.request("GET", "/v1/accounts/\(accountId)")
            if !entries.isEmpty {
                check(remote.json?["points"] as? Int == sum, "\(accountId): the backend's balance is the ledger's \(sum): \(remote.text)")
                let cached = try store.accounts.account(id: accountId)
                let document = cached.flatMap { try? JSONSerialization.jsonObject(with: Data($0.document)) as? [String: Any] }
                check(document?["points"] as? Int == sum, "\(accountId): the cached account's balance is the ledger's \(sum): \(document ?? [:])")
            }
            var running = 0
            var runningBySale: [String: Int] = [:]
            for entry in entries {
                running += Int(entry.record.amount)
                runningBySale[entry.saleId] = running
            }
            for close in answered where close.accountId == accountId {
                check(close.balanceAfter == runningBySale[close.saleId],
                      "\(close.saleId): the close showed \(close.balanceAfter.map(String.init) ?? "nil") points after the sale, the ledger's running sum is \(runningBySale[close.saleId].map(String.init) ?? "nil")")
            }
        }
        return figures
    }

    /// Waits until `/v1/health` reports an empty outbox.
    /// - Throws: when it is not empty within `timeout` (the issue recorded names the last
    ///   health answer and kioskd's last log lines).
    static func waitForEmptyOutbox(_ kiosk: SimulatedKiosk, timeout: Duration = .seconds(60)) async throws {
        var last = "no answer"
        do {
            try await poll(timeout: timeout) {
                let health = try? await kiosk.get("/v1/health")
                last = health?.text ?? "no answer"
                return ((health?.json?["outbox"] as? [String: Any])?["pending"] as? Int) == 0
            }
        } catch {
            Issue.record("the outbox did not drain in \(timeout): health \(last); kioskd's last lines:\n\(kiosk.daemon.lines.suffix(40).joined(separator: "\n"))")
            throw error
        }
    }

    /// Polls `condition` every 10 ms until it holds.
    /// - Throws: `PollTimeout` when it does not hold within `timeout`.
    static func poll(timeout: Duration = .seconds(20), until condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !(try await condition()) {
            guard ContinuousClock.now < deadline else { throw PollTimeout() }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    struct PollTimeout: Error, CustomStringConvertible {
        var description: String { "condition not met in time" }
    }
}

/// Seconds in a duration, for summary lines.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
