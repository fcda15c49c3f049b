import Foundation
import Identity
import Loyalty
import Relay
import Storage
import StrictJSON
import Testing
import TestSupport
@testable import KioskService

/// A close that redeems two vouchers when the backend takes the first and refuses the second:
/// the first must not stay spent for a sale that never happened.
@Suite("SaleDesk: partial voucher failure at the backend", .serialized)
struct SaleDeskVoucherHoldTests {
    let uid = try! CardUID(hex: "04A1B2C3")
    let good = "5550010000019", spent = "5550010000026"
    let soft = #"{"basket":{"lines":[{"sku":"SOFT","quantity":3,"unitPriceCents":350,"vatRate":6}]},"payments":[{"method":"card","amountCents":250}]}"#

    /// A store whose cached account `acct-7` (badge 04A1B2C3) holds both vouchers, a backend
    /// that knows them with `spent` already redeemed by another store, and a desk wired to both.
    func setUp(_ directory: TemporaryDirectory) async throws -> (KioskStore, LoopbackBackend, SaleDesk, BackendClient) {
        let store = try KioskStore(stateDirectory: directory.path + "/state")
        let backend = try await LoopbackBackend.start(stateFile: directory.path + "/backend.jsonl")
        let tokenFile = try directory.write("backend-token", backend.token)
        let client = BackendClient(
            configuration: BackendConfiguration(url: backend.url, tokenFile: tokenFile, requestTimeoutMilliseconds: 2_000,
                                                retry: RetrySchedule(initialMilliseconds: 20, multiplier: 2, maximumMilliseconds: 200, jitter: 0.2)),
            token: try BackendToken(tokenFile: tokenFile, environment: [:]))
        for (code, cents) in [(good, 500), (spent, 300)] { try await backend.addVoucher(code: code, accountId: "acct-7", valueCents: cents) }
        _ = await client.redeemVoucher(code: spent, idempotencyKey: "other-store-sale:\(spent)", saleId: "other-store-sale",
                                       storeId: "store-B", kioskId: "kiosk-9", accountId: "acct-7")
        let document = #"{"id":"acct-7","credentials":["badge:04A1B2C3"],"points":0,"vouchers":[{"code":"\#(good)","valueCents":500,"status":"active","activeFrom":"2025-03-01T00:00:00Z"},{"code":"\#(spent)","valueCents":300,"status":"active","activeFrom":"2025-03-01T00:00:00Z"}]}"#
        try store.accounts.store(CachedAccount(accountId: "acct-7", credentials: ["badge:04A1B2C3"], document: Array(document.utf8),
                                               fetchedAt: Date(timeIntervalSince1970: 1_740_000_000), source: .lookup))
        let desk = SaleDesk(
            configuration: .init(kioskId: "kiosk-1", storeId: "store-1", timeZone: TimeZone(identifier: "Europe/Brussels")!, storeLanguage: .en,
                                 program: try LoyaltyProgram.decode(JSONCursor.parse(Array(#"{"mode":"percentage","rules":[{"sku":"SOFT","percent":4}]}"#.utf8), path: JSONPath("loyalty"))),
                                 printerProfile: nil),
            store: store, executor: BlockingExecutor(label: "test-store"),
            clock: KioskClock(startingAt: ISO8601DateFormatter().date(from: "2025-03-04T10:00:00Z")!),
            redeemer: VoucherRedeemer(client: client, store: store))
        return (store, backend, desk, client)
    }

    func request(_ json: String) throws -> CloseRequest { try CloseRequest.decode(JSONCursor.parse(Array(json.utf8))) }

    func closeBoth(_ desk: SaleDesk) async throws {
        await #expect(throws: SaleError.self, "the second voucher is refused: the close answers 409") {
            _ = try await desk.close(orderId: "o-1", saleId: "S-1", identity: .confirmed(.badge(uid)), request: try request(soft),
                                     redemptions: OrderRedemptions(vouchers: [good, spent]))
        }
    }

    @Test("closing again without the refused voucher re-uses the first redemption (same key), and nothing is left to release")
    func retriedClose() async throws {
        let directory = TemporaryDirectory()
        let (store, backend, desk, _) = try await setUp(directory)
        try await closeBoth(desk)
        #expect(try await backend.voucher(code: good)?.key == "S-1:\(good)", "the backend took the first voucher for S-1")
        #expect(try store.voucherHolds.entries().map(\.idempotencyKey) == ["S-1:\(good)"], "held until the order ends")

        let closed = try await desk.close(orderId: "o-1", saleId: "S-1", identity: .confirmed(.badge(uid)), request: try request(soft),
                                          redemptions: OrderRedemptions(vouchers: [good]))
        #expect(!closed.wasAlreadyCommitted)
        #expect(try store.sale(id: "S-1")?.voucherRedemptions.map(\.code) == [good])
        #expect(try await backend.voucher(code: good)?.key == "S-1:\(good)", "the same redemption, not a second one")
        #expect(try store.voucherHolds.entries().isEmpty, "the sale keeps the voucher: nothing to release")
        await backend.stop()
    }

    @Test("cancelling the order releases the first voucher at the backend, through the relay's durable queue")
    func cancelledOrder() async throws {
        let directory = TemporaryDirectory()
        let (store, backend, desk, client) = try await setUp(directory)
        try await closeBoth(desk)
        #expect(try await desk.releaseVouchers(saleId: "S-1") == 1)
        let drainer = OutboxDrainer(store: store, client: client)
        #expect(try await drainer.drainReleases() == 1)
        let voucher = try await backend.voucher(code: good)
        #expect(voucher?.status == "active" && voucher?.key == nil, "the customer has the voucher back: \(String(describing: voucher))")
        #expect(try await backend.voucher(code: spent)?.key == "other-store-sale:\(spent)", "the other store's redemption stands")
        #expect(try store.voucherHolds.entries().isEmpty)
        await backend.stop()
    }

    @Test("closing without the first voucher either releases it with the sale's commit")
    func removedVoucher() async throws {
        let directory = TemporaryDirectory()
        let (store, backend, desk, client) = try await setUp(directory)
        try await closeBoth(desk)
        _ = try await desk.close(orderId: "o-1", saleId: "S-1", identity: .confirmed(.badge(uid)), request: try request(soft),
                                 redemptions: OrderRedemptions())
        #expect(try store.voucherHolds.dueReleases(limit: 10).map(\.code) == [good], "committed with the sale, owed to the backend")
        _ = try await OutboxDrainer(store: store, client: client).drainReleases()
        #expect(try await backend.voucher(code: good)?.status == "active")
        await backend.stop()
    }
}
