import Foundation
import Relay
import Storage
import TestSupport

/// A store, a loopback backend and a client configured for it, in one temporary directory.
final class RelayFixture: @unchecked Sendable {
    let directory = TemporaryDirectory(prefix: "kioskd-relay")
    let store: KioskStore
    let backend: LoopbackBackend
    let tokenFile: String
    let events = EventLog()

    init(requestTimeoutMilliseconds: Int = 2_000, accountTimeoutMilliseconds: Int = 800,
         offlineVouchers: OfflineVoucherPolicy = .refuse, batchSize: Int = 20, concurrency: Int = 4) async throws {
        store = try KioskStore(stateDirectory: directory.url.appendingPathComponent("state").path)
        backend = try await LoopbackBackend.start(stateFile: directory.url.appendingPathComponent("backend.jsonl").path)
        tokenFile = try directory.write("backend-token", backend.token + "\n")
        configuration = BackendConfiguration(
            url: backend.url, tokenFile: tokenFile, requestTimeoutMilliseconds: requestTimeoutMilliseconds,
            accountTimeoutMilliseconds: accountTimeoutMilliseconds, voucherTimeoutMilliseconds: 800,
            offlineVouchers: offlineVouchers, batchSize: batchSize, concurrency: concurrency,
            retry: RetrySchedule(initialMilliseconds: 20, multiplier: 2, maximumMilliseconds: 200, jitter: 0.2))
    }

    var configuration: BackendConfiguration

    func client() throws -> BackendClient {
        BackendClient(configuration: configuration, token: try BackendToken(tokenFile: tokenFile, environment: [:]))
    }

    func drainer(client: BackendClient? = nil) throws -> OutboxDrainer {
        let events = self.events
        return OutboxDrainer(store: store, client: try client ?? self.client(), events: { events.append($0) })
    }

    /// Commits sale `id` for `account` earning `points`, with a payload in the backend API's shape.
    @discardableResult
    func closeSale(_ id: String, account: String? = "acct-1", points: Int64 = 10) throws -> CommittedSale {
        try store.commitClosedSale(relaySale(id, account: account, points: points))
    }
}

/// A sale whose payload follows docs/backend-api.yaml's `Sale`.
func relaySale(_ id: String, account: String? = "acct-1", points: Int64 = 10, closedAt: Date = Date(timeIntervalSince1970: 1_709_287_200)) -> SaleRecord {
    let ledger = account.map { [LedgerEntryRecord(accountId: $0, kind: .points, reason: "earn", amount: points)] } ?? []
    let accountJSON = account.map { #","accountId":"\#($0)","credential":"badge:04A1B2C3""# } ?? ""
    let ledgerJSON = account == nil ? "" : #","ledger":[{"kind":"points","reason":"earn","amount":\#(points)}]"#
    let payload = #"{"saleId":"\#(id)","kioskId":"kiosk-1","storeId":"store-A","closedAt":"2024-03-01T10:00:00Z","totalCents":1250,"currency":"EUR"\#(accountJSON)\#(ledgerJSON)}"#
    return SaleRecord(saleId: id, kioskId: "kiosk-1", storeId: "store-A", closedAt: closedAt, accountId: account,
                      totalCents: 1_250, payload: Array(payload.utf8), ledger: ledger)
}

/// Every relay event, in order, thread-safe.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [RelayEvent] = []
    func append(_ event: RelayEvent) { lock.withLock { items.append(event) } }
    var all: [RelayEvent] { lock.withLock { items } }
    /// Every event as the log line the service would write.
    var lines: [String] { all.map(\.description) }
}

/// Polls `condition` every 20 ms until it holds or `seconds` pass (generous: the machine
/// running the suite may be loaded many times over).
func eventually(within seconds: Double = 30, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
