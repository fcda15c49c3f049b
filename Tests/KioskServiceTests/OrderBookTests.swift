import Foundation
import Identity
import StrictJSON
import Synchronization
import Testing
import TestSupport
@testable import KioskService

/// Keeps every published event, in order.
final class RecordingEventSink: KioskEventSink {
    private let recorded = Mutex<[KioskEvent]>([])
    func publish(_ event: KioskEvent) { recorded.withLock { $0.append(event) } }
    var events: [KioskEvent] { recorded.withLock { $0 } }
    var names: [String] { events.map(\.name) }
}

@Suite("OrderBook")
struct OrderBookTests {
    let sink = RecordingEventSink()
    let uid = try! CardUID(hex: "04A1B2C3")
    let otherUid = try! CardUID(hex: "04FFEE01")

    func book(_ policy: IdentityPolicy = IdentityPolicy()) -> OrderBook {
        OrderBook(policy: policy, kioskId: "kiosk-1", storeId: "store-1", events: sink, clock: KioskClock())
    }

    @Test("a badge opens an order and identifies it; badge event first")
    func badgeOpensOrder() async throws {
        let orders = book()
        await orders.badge(uid: uid, present: true, reader: "sim")
        let order = try #require(await orders.current())
        #expect(order.phase == .identified)
        #expect(order.credential == .badge(uid))
        #expect(order.saleId == "store-1.kiosk-1.\(order.orderId)")
        #expect(sink.names == ["badge", "identified"])
        #expect(sink.events[1].data == ["orderId": .string(order.orderId), "credential": ["kind": "badge", "value": "04A1B2C3"]])
    }

    @Test("second tap after checkout and removal confirms")
    func happyPath() async throws {
        let orders = book()
        await orders.badge(uid: uid, present: true, reader: "sim")
        let id = try #require(await orders.current()).orderId
        let checkedOut = try await orders.checkout(id)
        #expect(checkedOut.phase == .awaitingConfirmation)
        #expect(checkedOut.secondsToConfirm == 60)
        await orders.badge(uid: uid, present: true, reader: "sim")
        #expect(try await orders.order(id).phase == .awaitingConfirmation, "a badge left on the reader does not confirm")
        await orders.badge(uid: uid, present: false, reader: "sim")
        await orders.badge(uid: uid, present: true, reader: "sim")
        #expect(try await orders.order(id).phase == .confirmed)
        #expect(sink.names == ["badge", "identified", "confirmation-required", "badge", "badge", "badge", "confirmed"])
        #expect(sink.events[3].data.objectValue?["ignored"] == "badgeNotRemoved")
    }

    @Test("another badge at confirmation is a mismatch")
    func mismatch() async throws {
        let orders = book()
        await orders.badge(uid: uid, present: true, reader: "sim")
        let id = try #require(await orders.current()).orderId
        _ = try await orders.checkout(id)
        await orders.badge(uid: otherUid, present: true, reader: "sim")
        let failed = try #require(sink.events.last)
        #expect(failed.name == "confirmation-failed")
        #expect(failed.data.objectValue?["reason"] == "mismatch")
        #expect(failed.data.objectValue?["identityDropped"] == false)
        #expect(try await orders.order(id).phase == .awaitingConfirmation)
    }

    @Test("no second scan in time: confirmation-failed timeout without any input")
    func timeout() async throws {
        let orders = book(IdentityPolicy(confirmationTimeoutSeconds: 1))
        await orders.badge(uid: uid, present: true, reader: "sim")
        let id = try #require(await orders.current()).orderId
        _ = try await orders.checkout(id)
        // Generous: the suite runs in parallel on 2 cores; what matters is that it fires by itself.
        _ = await waitOffPool { [sink] in sink.names.last == "confirmation-failed" ? true : nil }
        #expect(sink.events.last?.data.objectValue?["reason"] == "timeout")
        #expect(try await orders.order(id).phase == .anonymous)
    }

    @Test("one active order per kiosk")
    func oneActiveOrder() async throws {
        let orders = book()
        let first = try await orders.create()
        await #expect(throws: OrderError.anotherOrderActive(orderId: first.orderId)) { try await orders.create() }
        _ = try await orders.cancel(first.orderId)
        #expect(sink.names == ["order-cancelled"])
        let second = try await orders.create()
        #expect(second.orderId != first.orderId)
        #expect(try await orders.order(first.orderId).phase == .cancelled, "a finished order can still be read")
    }

    @Test("close is two-phase and a repeated close returns the first answer")
    func idempotentClose() async throws {
        let orders = book()
        let order = try await orders.create()
        let start = try await orders.beginClose(order.orderId)
        #expect(start == .commit(orderId: order.orderId, saleId: order.saleId, identity: .anonymous(.nobodyIdentified), redemptions: OrderRedemptions()))
        await #expect(throws: OrderError.closing(orderId: order.orderId)) { try await orders.beginClose(order.orderId) }
        await orders.completeClose(order.orderId, answer: ["saleId": .string(order.saleId)])
        #expect(await orders.current() == nil)
        #expect(try await orders.beginClose(order.orderId) == .alreadyClosed(answer: ["saleId": .string(order.saleId)]))
        #expect(try await orders.order(order.orderId).phase == .closed)
    }

    @Test("a failed commit leaves the order open for another close")
    func abortedClose() async throws {
        let orders = book()
        await orders.badge(uid: uid, present: true, reader: "sim")
        let id = try #require(await orders.current()).orderId
        _ = try await orders.beginClose(id)
        await orders.abortClose(id)
        #expect(try await orders.order(id).phase == .identified)
        let again = try await orders.beginClose(id)
        #expect(again == .commit(orderId: id, saleId: "store-1.kiosk-1.\(id)", identity: .anonymous(.notConfirmed(.badge(uid))), redemptions: OrderRedemptions()))
    }

    @Test("redeem needs a confirmed order")
    func redeemNeedsConfirmation() async throws {
        let orders = book()
        await orders.badge(uid: uid, present: true, reader: "sim")
        let id = try #require(await orders.current()).orderId
        await #expect(throws: OrderError.self) { try await orders.requestRedemption(id, voucher: "5550000000011") }
        _ = try await orders.checkout(id)
        await orders.badge(uid: uid, present: false, reader: "sim")
        await orders.badge(uid: uid, present: true, reader: "sim")
        let order = try await orders.requestRedemption(id, voucher: "5550000000011")
        #expect(order.redemptions.vouchers == ["5550000000011"])
        guard case .commit(_, _, .confirmed(.badge(uid)), let redemptions) = try await orders.beginClose(id) else {
            Issue.record("a confirmed order closes confirmed")
            return
        }
        #expect(redemptions.vouchers == ["5550000000011"])
    }

    @Test("a misread barcode is a scan event marked invalid and opens nothing")
    func invalidScan() async throws {
        let orders = book()
        await orders.scan("2990000000018", scanner: "sim")
        #expect(await orders.current() == nil)
        #expect(sink.names == ["scan"])
        #expect(sink.events[0].data.objectValue?["valid"] == false)
        #expect(sink.events[0].data.objectValue?["reason"] == "bad-check-digit")
    }

    @Test("a loyalty card scan opens and identifies an order")
    func cardScan() async throws {
        let orders = book()
        await orders.scan("2990000000019", scanner: "sim")
        #expect(await orders.current()?.credential == .card(try EAN13(validating: "2990000000019")))
        #expect(sink.names == ["scan", "identified"])
    }

    @Test("a counter customer opens no order")
    func counterCustomer() async throws {
        let orders = book(IdentityPolicy(counterCustomers: [.badge(uid)]))
        await orders.badge(uid: uid, present: true, reader: "sim")
        #expect(await orders.current() == nil)
        #expect(sink.names == ["badge"])
    }
}

extension JSONValue {
    var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }
}
