import Foundation
import Relay
import Storage
import Testing
import TestSupport

@Suite("kioskctl outbox: list and retry dead letters on the daemon's database, while it runs")
struct OutboxCommandTests {
    func kioskctl(_ arguments: [String]) async throws -> ProcessResult {
        try await offPool { try ProcessRunner.run(BuiltProducts.kioskctl, ["outbox"] + arguments) }
    }

    @Test("a dead-lettered sale is listed with the backend's answer, retried by hand, and delivered once")
    func deadLetterLifecycle() async throws {
        let fixture = try await RelayFixture(concurrency: 1)
        let state = fixture.directory.url.appendingPathComponent("state").path
        // The daemon side: a drainer running, listening on the doorbell.
        let drainer = try fixture.drainer()
        let doorbell = try OutboxDoorbell(stateDirectory: state) { drainer.wake() }
        defer { doorbell.stop() }
        let running = Task { await drainer.run() }
        defer { running.cancel() }

        try await fixture.backend.setFaults([.init("422", count: 1)])
        try fixture.closeSale("DL-1")
        try fixture.closeSale("DL-2")
        #expect(try await eventually { try fixture.store.outbox.counts() == OutboxCounts(pending: 0, dead: 1, oldestPendingAt: nil) })

        let listed = try await kioskctl(["list", "--state-dir", state])
        #expect(listed.status == 1, "dead letters are problems: exit 1 (\(listed.stderr))")
        #expect(listed.stdout.contains("0 pending, 1 dead letter(s)"))
        #expect(listed.stdout.contains("DL-1") && listed.stdout.contains("dead") && listed.stdout.contains("HTTP 422"))
        #expect(listed.stdout.contains("idempotency-key-reuse"), "the backend's response is shown")

        let json = try await kioskctl(["list", "--dead", "--json", "--state-dir", state])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let entries = document?["entries"] as? [[String: Any]]
        #expect(document?["dead"] as? Int == 1)
        #expect(entries?.first?["saleId"] as? String == "DL-1")
        #expect((entries?.first?["deadLetter"] as? [String: Any])?["httpStatus"] as? Int == 422)

        let retried = try await kioskctl(["retry", "DL-1", "--state-dir", state])
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(retried.stdout.contains("requeued 1 dead letter(s); the daemon was notified"))
        #expect(try await eventually { try fixture.store.deliveredAt(saleId: "DL-1") != nil },
                "the doorbell woke the idle drainer: no polling, no new sale needed")
        let recorded = try await fixture.backend.recordedSales().map(\.saleId)
        #expect(recorded.sorted() == ["DL-1", "DL-2"])

        let empty = try await kioskctl(["list", "--state-dir", state])
        #expect(empty.status == 0 && empty.stdout.contains("nothing waiting"))
    }

    @Test("retry --all requeues every dead letter; unknown ids are reported with exit 1")
    func retryAll() async throws {
        let fixture = try await StoreAndDeadLetters.make(count: 3)
        let unknown = try await kioskctl(["retry", "nope", "--state-dir", fixture.state])
        #expect(unknown.status == 1 && unknown.stdout.contains("not dead letters"))
        let all = try await kioskctl(["retry", "--all", "--json", "--state-dir", fixture.state])
        #expect(all.status == 0)
        #expect(all.stdout.contains(#""requeued": 3"#))
        #expect(all.stdout.contains(#""daemonNotified": false"#), "no daemon listening in this test")
        #expect(try fixture.store.outbox.counts().pending == 3)
    }

    @Test("list pages through a large outbox and honours --limit")
    func limit() async throws {
        let fixture = try await StoreAndDeadLetters.make(count: 0, pending: 620)
        let limited = try await kioskctl(["list", "--limit", "5", "--state-dir", fixture.state])
        let lineCount = limited.stdout.split(separator: "\n").count
        #expect(lineCount == 8, "summary, header, 5 rows, 'more' line")
        #expect(limited.stdout.contains("615 more"))
        let all = try await kioskctl(["list", "--limit", "0", "--json", "--state-dir", fixture.state])
        let document = try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any]
        #expect((document?["entries"] as? [Any])?.count == 620)
    }

    @Test("usage errors exit 2", arguments: [
        ["retry"], ["retry", "S-1", "--all"], ["frob"], ["list", "--bogus"], ["list", "S-1"], ["retry", "--limit", "3"],
    ])
    func usage(arguments: [String]) async throws {
        let fixture = try await StoreAndDeadLetters.make(count: 0)
        let result = try await kioskctl(arguments + ["--state-dir", fixture.state])
        #expect(result.status == 2, "\(arguments) is a usage error: \(result.stderr)")
        #expect(result.stderr.hasPrefix("kioskctl outbox:"))
    }

    @Test("a state directory without a database is reported, and no database is created")
    func noDatabase() async throws {
        let directory = TemporaryDirectory()
        let result = try await kioskctl(["list", "--state-dir", directory.path])
        #expect(result.status == 1 && result.stderr.contains("no database"))
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent(KioskStore.databaseFileName).path))
    }
}

/// A store with `count` dead letters and `pending` pending sales, for command tests.
struct StoreAndDeadLetters: @unchecked Sendable {
    let directory = TemporaryDirectory(prefix: "kioskd-outbox-cmd")
    let store: KioskStore
    var state: String { directory.path }

    init(count: Int, pending: Int = 0) throws {
        store = try KioskStore(stateDirectory: directory.path)
        for i in 0..<count {
            _ = try store.commitClosedSale(relaySale("X-\(i)"))
            try store.outbox.recordOutcomes([.deadLetter(saleId: "X-\(i)", httpStatus: 400, responseBody: Array("bad".utf8), reason: "400 bad")])
        }
        for i in 0..<pending { _ = try store.commitClosedSale(relaySale("P-\(i)")) }
    }

    /// Builds the store off the cooperative pool (hundreds of fsyncs).
    static func make(count: Int, pending: Int = 0) async throws -> StoreAndDeadLetters {
        try await offPool { try StoreAndDeadLetters(count: count, pending: pending) }
    }
}
