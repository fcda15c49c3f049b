import Foundation
import Relay
import Storage
import Testing
import TestSupport

@Suite("OutboxDrainer against a loopback backend: exactly once, through every fault")
struct OutboxDrainerTests {
    /// Checks the backend recorded exactly `ids`, each once, with the body the kiosk stored.
    func expectExactlyOnce(_ fixture: RelayFixture, _ ids: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let recorded = try await fixture.backend.recordedSales()
        #expect(recorded.map(\.saleId).sorted() == ids.sorted(), "every sale is recorded, none twice", sourceLocation: sourceLocation)
        for sale in recorded {
            let stored = try #require(try fixture.store.sale(id: sale.saleId), sourceLocation: sourceLocation)
            #expect(Array(sale.body.utf8) == stored.payload, "the backend has the stored payload of \(sale.saleId)", sourceLocation: sourceLocation)
        }
        let stats = try await fixture.backend.stats()
        #expect(stats.conflicts == 0, "no sale id was ever sent with two different bodies", sourceLocation: sourceLocation)
        #expect(stats.distinct == ids.count, sourceLocation: sourceLocation)
        #expect(try fixture.store.outbox.counts() == OutboxCounts(pending: 0, dead: 0, oldestPendingAt: nil),
                "the outbox is empty", sourceLocation: sourceLocation)
        for id in ids {
            #expect(try fixture.store.deliveredAt(saleId: id) != nil, "\(id) is stamped delivered", sourceLocation: sourceLocation)
        }
    }

    @Test("backend down while 50 sales close → all delivered exactly once when it comes back")
    func backendDownThenBack() async throws {
        let fixture = try await RelayFixture()
        await fixture.backend.stop()
        let drainer = try fixture.drainer()
        let running = Task { await drainer.run() }
        defer { running.cancel() }
        let ids = (0..<50).map { "S-\($0)" }
        try await offPool { for id in ids { try fixture.closeSale(id, account: "acct-\(id.hashValue & 3)") } }
        #expect(await eventually { drainer.status.consecutiveFailures >= 2 }, "the drainer keeps failing while the backend is down")
        #expect(try fixture.store.outbox.counts().pending == 50, "nothing is lost or dropped while down")

        try await fixture.backend.restart()
        #expect(try await eventually { try fixture.store.outbox.counts().pending == 0 }, "the outbox drains once the backend is back")
        try await expectExactlyOnce(fixture, ids)
        #expect(drainer.status.consecutiveFailures == 0)
        #expect(fixture.events.all.contains { if case .backingOff = $0 { true } else { false } }, "the drainer backed off")
    }

    @Test("503s, hangs, resets, garbage, a captive portal's 200 and lost answers are all survived, exactly once")
    func faultsSurvived() async throws {
        let fixture = try await RelayFixture(requestTimeoutMilliseconds: 400, batchSize: 10, concurrency: 3)
        try await fixture.backend.setFaults([
            .init("503", count: 3), .init("hang", count: 2), .init("reset", count: 3), .init("garbage", count: 3),
            .init("garbage200", count: 2), .init("500", count: 2),
            .init("reset", count: 4, afterRecord: true),  // the backend records, the kiosk never hears back
        ])
        let ids = (0..<30).map { "F-\($0)" }
        try await offPool { for id in ids { try fixture.closeSale(id) } }
        let drainer = try fixture.drainer()
        let running = Task { await drainer.run() }
        defer { running.cancel() }
        #expect(try await eventually(within: 40) { try fixture.store.outbox.counts().pending == 0 })
        try await expectExactlyOnce(fixture, ids)
        let stats = try await fixture.backend.stats()
        #expect(stats.replays >= 4, "sales whose answer was lost were sent again and answered with the original result")
        #expect(stats.faultsServed == 19, "every injected fault was hit")
    }

    @Test("409 means already recorded: the sale is delivered, not dead-lettered")
    func conflictIsDelivered() async throws {
        let fixture = try await RelayFixture()
        try await fixture.backend.setFaults([.init("409", count: 2)])
        for id in ["C-1", "C-2", "C-3"] { try fixture.closeSale(id) }
        let report = try await fixture.drainer().drainBatch()
        #expect(report.delivered == 3 && report.deadLettered == 0)
        #expect(try fixture.store.outbox.counts().pending == 0)
        #expect(try fixture.store.outbox.counts().dead == 0)
    }

    @Test("a 4xx parks the sale as a dead letter with the response; a manual retry delivers it once")
    func deadLetterThenRetry() async throws {
        let fixture = try await RelayFixture(concurrency: 1)
        try await fixture.backend.setFaults([.init("400", count: 1)])
        for id in ["D-1", "D-2"] { try fixture.closeSale(id) }
        let drainer = try fixture.drainer()
        let report = try await drainer.drainBatch()
        #expect(report.deadLettered == 1 && report.delivered == 1)
        let dead = try #require(try fixture.store.outbox.entries(state: .dead).first)
        #expect(dead.saleId == "D-1")
        #expect(dead.deadLetter?.httpStatus == 400)
        let response = String(decoding: dead.deadLetter?.responseBody ?? [], as: UTF8.self)
        #expect(response.contains("invalid-sale"), "the response is kept")
        #expect(fixture.events.lines.contains { $0.contains("D-1") && $0.contains("kioskctl outbox retry D-1") })

        _ = try await drainer.drainBatch()
        #expect(try fixture.store.outbox.counts().dead == 1, "a dead letter is not retried by itself")

        #expect(try fixture.store.outbox.retryDeadLetters(saleIds: ["D-1"]) == 1)
        _ = try await drainer.drainBatch()
        try await expectExactlyOnce(fixture, ["D-1", "D-2"])
    }

    @Test("a 422 (same key, different body) is surfaced as a dead letter naming the reuse")
    func keyReuse() async throws {
        let fixture = try await RelayFixture()
        try fixture.closeSale("K-1", points: 10)
        _ = try await fixture.drainer().drainBatch()
        // Another kiosk database (restored from an old backup) holds a different sale with the same id.
        let other = try KioskStore(stateDirectory: fixture.directory.url.appendingPathComponent("other").path)
        _ = try other.commitClosedSale(relaySale("K-1", points: 99))
        let drainer = OutboxDrainer(store: other, client: try fixture.client())
        _ = try await drainer.drainBatch()
        let dead = try #require(try other.outbox.entries(state: .dead).first)
        #expect(dead.deadLetter?.httpStatus == 422)
        #expect(dead.lastError?.contains("idempotency-key-reuse") == true)
    }

    @Test("401 never dead-letters: the token file is re-read and delivery resumes with the new token")
    func tokenRotation() async throws {
        let fixture = try await RelayFixture()
        try fixture.directory.write("backend-token", "stale-token")
        let drainer = try fixture.drainer()
        for id in ["T-1", "T-2"] { try fixture.closeSale(id) }
        let refused = try await drainer.drainBatch()
        #expect(refused.backendUnavailable && refused.retried == 2 && refused.deadLettered == 0)
        #expect(try fixture.store.outbox.counts() .pending == 2)
        try fixture.directory.write("backend-token", fixture.backend.token)
        let stale = try await drainer.drainBatch()  // still the cached stale token: refused, file re-read
        #expect(stale.retried == 2)
        #expect(fixture.events.all.contains { if case .authenticationRejected(_, tokenChanged: true) = $0 { true } else { false } },
                "the refusal re-read the token file and found the new token")
        let report = try await drainer.drainBatch()
        #expect(report.delivered == 2)
        try await expectExactlyOnce(fixture, ["T-1", "T-2"])
    }

    @Test("the token never appears in the relay's log lines, whatever happens")
    func tokenNeverLogged() async throws {
        let fixture = try await RelayFixture(requestTimeoutMilliseconds: 300)
        try await fixture.backend.setFaults([.init("401", count: 2), .init("400", count: 1), .init("503", count: 1), .init("hang", count: 1)])
        for id in (0..<6).map({ "L-\($0)" }) { try fixture.closeSale(id) }
        let drainer = try fixture.drainer()
        for _ in 0..<6 { _ = try await drainer.drainBatch() }
        let lines = fixture.events.lines
        #expect(lines.count > 5)
        #expect(!lines.contains { $0.contains(fixture.backend.token) }, "the bearer token is never in a log line")
        #expect(!"\(try fixture.client().token!)".contains(fixture.backend.token))
    }

    @Test("the account carried by the backend's answer updates the local cache")
    func accountFromAnswer() async throws {
        let fixture = try await RelayFixture()
        try await fixture.backend.addAccount(#"{"id":"acct-9","credentials":["badge:0409"],"points":480,"lifetimePoints":480}"#)
        try fixture.closeSale("A-1", account: "acct-9", points: 7)
        _ = try await fixture.drainer().drainBatch()
        let cached = try #require(try fixture.store.accounts.account(id: "acct-9"))
        #expect(cached.source == .saleAnswer)
        #expect(String(decoding: cached.document, as: UTF8.self).contains(#""points":487"#), "480 + 7 as the backend computed")
        #expect(try fixture.store.accounts.account(credential: "badge:04A1B2C3")?.accountId == "acct-9",
                "the credential used in the sale now finds the account offline")
    }

    @Test("idle, the drainer sends nothing; a committed sale wakes it at once")
    func wakesOnCommit() async throws {
        let fixture = try await RelayFixture()
        let drainer = try fixture.drainer()
        let running = Task { await drainer.run() }
        defer { running.cancel() }
        try? await Task.sleep(for: .milliseconds(300))
        #expect(try await fixture.backend.stats().salePosts == 0, "no request while the outbox is empty")
        try fixture.closeSale("W-1")
        // Idle with nothing pending, run() waits without any deadline: only the commit's wake-up
        // can get this sale out.
        #expect(try await eventually { try fixture.store.deliveredAt(saleId: "W-1") != nil }, "the commit woke the drainer")
        try await expectExactlyOnce(fixture, ["W-1"])
    }

    @Test("cancelling run() stops the drainer promptly, even while it waits")
    func cancellation() async throws {
        let fixture = try await RelayFixture()
        let drainer = try fixture.drainer()
        let running = Task { await drainer.run() }
        try? await Task.sleep(for: .milliseconds(100))
        let start = ContinuousClock.now
        running.cancel()
        await running.value
        #expect(ContinuousClock.now - start < .seconds(10), "the untimed wait ends on cancellation")
    }

    @Test("without a token file nothing is sent: sales stay queued, the status says why, and sending resumes when the file appears")
    func heldWithoutToken() async throws {
        let fixture = try await RelayFixture()
        let missing = fixture.directory.path + "/not-yet/backend-token"
        let token = try BackendToken.awaiting(tokenFile: missing, environment: [:])
        let client = BackendClient(configuration: fixture.configuration, token: token)
        let drainer = try fixture.drainer(client: client)
        let running = Task { await drainer.run() }
        defer { running.cancel() }
        for id in ["H-1", "H-2", "H-3"] { try fixture.closeSale(id) }
        #expect(await eventually { drainer.status.heldReason != nil }, "the drainer holds")
        #expect(drainer.status.heldReason?.contains(missing) == true, "the reason names the file: \(drainer.status.heldReason ?? "nil")")
        #expect(await eventually { fixture.events.all.contains { if case .held = $0 { true } else { false } } }, "the hold is logged: \(fixture.events.lines)")
        try? await Task.sleep(for: .milliseconds(300))
        let stats = try await fixture.backend.stats()
        #expect(stats.salePosts == 0 && stats.unauthorized == 0, "no unauthenticated request reached the backend: \(stats)")
        #expect(try fixture.store.outbox.counts().pending == 3 && fixture.store.outbox.counts().dead == 0, "sales stay queued, none dead-lettered")
        #expect(await client.fetchAccount(credential: "badge:04A1B2C3") == .unavailable(reason: "not sent: no backend token (\(token.unavailableReason ?? ""))"),
                "lookups are not sent either")

        try FileManager.default.createDirectory(atPath: fixture.directory.path + "/not-yet", withIntermediateDirectories: true)
        try fixture.directory.write("not-yet/backend-token", fixture.backend.token)
        #expect(try token.reload())
        drainer.wake()
        #expect(try await eventually { try fixture.store.outbox.counts().pending == 0 }, "the token's arrival releases the outbox")
        try await expectExactlyOnce(fixture, ["H-1", "H-2", "H-3"])
        #expect(drainer.status.heldReason == nil)
    }

    @Test("a queued voucher release undoes the backend's redemption under its key, through a 503; one redeemed under another key stays spent")
    func voucherReleases() async throws {
        let fixture = try await RelayFixture()
        let ours = "5550010000019", theirs = "5550010000026"
        try await fixture.backend.addVoucher(code: ours, accountId: "acct-1", valueCents: 500)
        try await fixture.backend.addVoucher(code: theirs, accountId: "acct-1", valueCents: 300)
        let client = try fixture.client()
        let redeemed = await client.redeemVoucher(code: ours, idempotencyKey: "S-1:\(ours)", saleId: "S-1", storeId: "store-A", kioskId: "kiosk-1", accountId: "acct-1")
        guard case .redeemed = redeemed else { Issue.record("redeemed for S-1: \(redeemed)"); return }
        _ = await client.redeemVoucher(code: theirs, idempotencyKey: "S-9:\(theirs)", saleId: "S-9", storeId: "store-B", kioskId: "kiosk-9", accountId: "acct-1")
        for code in [ours, theirs] { try fixture.store.voucherHolds.hold(code: code, saleId: "S-1", idempotencyKey: "S-1:\(code)") }
        try await fixture.backend.setFaults([.init("503", count: 1, path: "/v1/vouchers/\(ours)/release")])

        let drainer = try fixture.drainer(client: client)
        let running = Task { await drainer.run() }
        defer { running.cancel() }
        #expect(try fixture.store.voucherHolds.release(saleId: "S-1") == 2, "the order was cancelled")
        #expect(try await eventually { try fixture.store.voucherHolds.entries().isEmpty }, "both releases end: \(fixture.events.lines)")
        let released = try await fixture.backend.voucher(code: ours)
        #expect(released?.status == "active" && released?.key == nil, "our redemption is undone: \(String(describing: released))")
        #expect(try await fixture.backend.voucher(code: theirs)?.key == "S-9:\(theirs)", "another sale's redemption is not ours to undo")
        #expect(fixture.events.all.contains { if case .voucherReleaseFailed(_, _, final: false) = $0 { true } else { false } }, "the 503 was retried")
        #expect(try await fixture.backend.stats().releases == 2)
    }
}
