import Foundation
import Identity
import Loyalty
import Receipt
import Storage
import StrictJSON
import Testing
import TestSupport
@testable import KioskService

@Suite("SaleDesk")
struct SaleDeskTests {
    let directory = TemporaryDirectory()
    let uid = try! CardUID(hex: "04A1B2C3")

    func program(_ json: String) throws -> LoyaltyProgram {
        try LoyaltyProgram.decode(JSONCursor.parse(Array(json.utf8), path: JSONPath("loyalty")))
    }

    func desk(_ store: KioskStore, program: LoyaltyProgram, at date: String = "2025-03-03T10:00:00Z", language: Language = .en) -> SaleDesk {
        SaleDesk(
            configuration: .init(kioskId: "kiosk-1", storeId: "store-1", timeZone: TimeZone(identifier: "Europe/Brussels")!,
                                 storeLanguage: language, program: program, printerProfile: .epson80mm),
            store: store, executor: BlockingExecutor(label: "test-store"),
            clock: KioskClock(startingAt: ISO8601DateFormatter().date(from: date)!))
    }

    func request(_ json: String) throws -> CloseRequest {
        try CloseRequest.decode(JSONCursor.parse(Array(json.utf8)))
    }

    let pointsProgram = """
        {"mode":"points","pointsPerEuro":1,
         "tiers":[{"id":"bronze","name":"Bronze","threshold":0},{"id":"silver","name":"Silver","threshold":500}],
         "rewards":[{"id":"five","kind":"amountOff","amountCents":500,"cost":500}]}
        """
    let basket = #"{"basket":{"lines":[{"sku":"COFFEE","quantity":3,"unitPriceCents":410,"vatRate":6}]},"payments":[{"method":"card","amountCents":1230}]}"#

    @Test("a confirmed sale earns, commits its ledger and queues its footer")
    func confirmedSale() async throws {
        let store = try KioskStore(stateDirectory: directory.path)
        let sales = desk(store, program: try program(pointsProgram))
        let closed = try await sales.close(
            orderId: "o-1", saleId: "store-1.kiosk-1.o-1", identity: .confirmed(.badge(uid)), request: try request(basket),
            redemptions: OrderRedemptions())
        #expect(!closed.wasAlreadyCommitted)
        #expect(closed.footer == ["Loyalty Program", "Cumulative points: 12 (+12)", "Available reward: -5 € (reached at 500 pts)", "Current tier: Bronze"])
        #expect(try store.balances(accountId: "badge:04A1B2C3").points == 12)
        #expect(try store.printQueue.pendingCount() == 1)
        #expect(closed.printJobIds.count == 1)
        let record = try #require(try store.sale(id: "store-1.kiosk-1.o-1"))
        #expect(record.accountId == "badge:04A1B2C3")
        #expect(record.totalCents == 1230)
    }

    @Test("closing the same sale again returns the first answer and records one sale")
    func idempotentClose() async throws {
        let store = try KioskStore(stateDirectory: directory.path)
        let sales = desk(store, program: try program(pointsProgram))
        let first = try await sales.close(orderId: "o-1", saleId: "s-1", identity: .confirmed(.badge(uid)), request: try request(basket), redemptions: .init())
        let second = try await sales.close(orderId: "o-1", saleId: "s-1", identity: .confirmed(.badge(uid)), request: try request(basket), redemptions: .init())
        #expect(second.wasAlreadyCommitted)
        #expect(second.answer == first.answer)
        #expect(try store.saleCount() == 1)
        #expect(try store.balances(accountId: "badge:04A1B2C3").points == 12, "earned once")
    }

    @Test("an unconfirmed sale earns nothing and prints only the not-confirmed notice")
    func unconfirmedSale() async throws {
        let store = try KioskStore(stateDirectory: directory.path)
        let sales = desk(store, program: try program(pointsProgram))
        let closed = try await sales.close(
            orderId: "o-2", saleId: "s-2", identity: .anonymous(.timedOut(.badge(uid))), request: try request(basket), redemptions: .init())
        #expect(try store.balances(accountId: "badge:04A1B2C3").points == 0)
        #expect(try store.sale(id: "s-2")?.accountId == nil)
        if case .object(let answer) = closed.answer, case .object(let identity)? = answer["identity"] {
            #expect(identity["confirmed"] == false)
            #expect(identity["reason"] == "timeout")
        } else {
            Issue.record("answer carries the identity: \(closed.answer)")
        }
    }

    @Test("a voucher earned today is redeemed tomorrow, once")
    func voucherNextDay() async throws {
        let store = try KioskStore(stateDirectory: directory.path)
        let percentage = try program(#"{"mode":"percentage","rules":[{"sku":"SOFT","percent":4}]}"#)
        let soft = #"{"basket":{"lines":[{"sku":"SOFT","quantity":3,"unitPriceCents":350,"vatRate":6}]}}"#
        let day1 = desk(store, program: percentage, at: "2025-03-03T10:00:00Z")
        let first = try await day1.close(orderId: "o-1", saleId: "s-1", identity: .confirmed(.badge(uid)), request: try request(soft), redemptions: .init())
        let vouchers = try store.vouchers(accountId: "badge:04A1B2C3")
        #expect(vouchers.map(\.valueCents) == [42], "4 % × 3.50 € × 3 = 0.42 €; answer \(first.answer)")
        let code = try #require(vouchers.first?.code)

        let sameDay = try await day1.preview(saleId: "s-x", credential: .badge(uid), request: try request(soft), redemptions: .init(vouchers: [code]))
        #expect(JSONWriter.string(sameDay).contains("\"rejections\":[{"), "not active on the day it was created: \(JSONWriter.string(sameDay))")

        let day2 = desk(store, program: percentage, at: "2025-03-04T10:00:00Z")
        _ = try await day2.close(orderId: "o-2", saleId: "s-2", identity: .confirmed(.badge(uid)), request: try request(soft), redemptions: .init(vouchers: [code]))
        #expect(try store.voucher(code: code)?.status == .redeemed)
        #expect(try store.voucher(code: code)?.redeemedBySaleId == "s-2")
    }

    @Test("two kiosks of one store issue different voucher codes, each in its own block")
    func voucherCodesPerKiosk() async throws {
        let percentage = try program(#"{"mode":"percentage","rules":[{"sku":"SOFT","percent":4}]}"#)
        let soft = #"{"basket":{"lines":[{"sku":"SOFT","quantity":3,"unitPriceCents":350,"vatRate":6}]}}"#
        var codes: [String] = []
        for kioskId in ["kiosk-1", "kiosk-2"] {
            let store = try KioskStore(stateDirectory: directory.path + "/" + kioskId)
            let sales = SaleDesk(
                configuration: .init(kioskId: kioskId, storeId: "store-1", timeZone: TimeZone(identifier: "Europe/Brussels")!,
                                     storeLanguage: .en, program: percentage, printerProfile: nil),
                store: store, executor: BlockingExecutor(label: "test-store"),
                clock: KioskClock(startingAt: ISO8601DateFormatter().date(from: "2025-03-03T10:00:00Z")!))
            _ = try await sales.close(orderId: "o-1", saleId: "\(kioskId).s-1", identity: .confirmed(.badge(uid)), request: try request(soft), redemptions: .init())
            codes += try store.vouchers(accountId: "badge:04A1B2C3").map(\.code)
        }
        #expect(codes.count == 2)
        #expect(codes[0] != codes[1], "each kiosk's first voucher has its own code: \(codes)")
        #expect(codes[0].hasPrefix("555001000001"), "kiosk 1's block: \(codes[0])")
        #expect(codes[1].hasPrefix("555002000001"), "kiosk 2's block: \(codes[1])")
    }

    @Test("a configured kiosk number wins; a used-up block refuses the close instead of reusing codes")
    func configuredKioskNumber() async throws {
        let store = try KioskStore(stateDirectory: directory.path)
        let percentage = try program(#"{"mode":"percentage","rules":[{"sku":"SOFT","percent":4}],"vouchers":{"prefix":"55512"}}"#)
        let sales = SaleDesk(
            configuration: .init(kioskId: "kiosk-1", storeId: "store-1", timeZone: TimeZone(identifier: "Europe/Brussels")!,
                                 storeLanguage: .en, program: percentage, printerProfile: nil, kioskNumber: 321),
            store: store, executor: BlockingExecutor(label: "test-store"),
            clock: KioskClock(startingAt: ISO8601DateFormatter().date(from: "2025-03-03T10:00:00Z")!))
        #expect(try sales.firstVoucherSerial(reserved: 1...1) == 321_0001)
        #expect(try sales.firstVoucherSerial(reserved: 9_998...9_999) == 321_9998)
        #expect(throws: SaleError.self, "past the block's 9,999 codes") { try sales.firstVoucherSerial(reserved: 9_999...10_000) }
    }
}
