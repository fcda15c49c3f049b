import Foundation
import Identity
import Testing
@testable import Loyalty

/// Voucher codes, activation and validity in the store's calendar (Europe/Brussels).
@Suite("VoucherIssuer")
struct VoucherIssuerTests {
    static let calendar = StoreCalendar(timeZone: Fixture.brussels)

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let createdAt: String
        let delay: Int
        let validDays: Int?
        let activeFrom: String
        let expiresAt: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "28 March 2026 23:58 (DST starts that night), 30 days: 29 March 00:00 +01:00 to 27 April 23:59 +02:00",
             createdAt: "2026-03-28T23:58:00+01:00", delay: 1, validDays: 30, activeFrom: "2026-03-29T00:00:00+01:00", expiresAt: "2026-04-28T00:00:00+02:00"),
        Case(name: "two minutes before midnight: active two minutes later",
             createdAt: "2026-06-10T23:58:00+02:00", delay: 1, validDays: nil, activeFrom: "2026-06-11T00:00:00+02:00", expiresAt: nil),
        Case(name: "one minute after midnight: active the next midnight, almost a day later",
             createdAt: "2026-06-11T00:01:00+02:00", delay: 1, validDays: nil, activeFrom: "2026-06-12T00:00:00+02:00", expiresAt: nil),
        Case(name: "UTC evening already the next local day (23:30 UTC = 01:30 Brussels)",
             createdAt: "2026-06-10T23:30:00Z", delay: 1, validDays: 1, activeFrom: "2026-06-12T00:00:00+02:00", expiresAt: "2026-06-13T00:00:00+02:00"),
        Case(name: "day of the DST start itself (23-hour day): next midnight is +02:00",
             createdAt: "2026-03-29T10:00:00+02:00", delay: 1, validDays: 7, activeFrom: "2026-03-30T00:00:00+02:00", expiresAt: "2026-04-06T00:00:00+02:00"),
        Case(name: "DST ends 25 October 2026 (25-hour day): active 26 October 00:00 +01:00",
             createdAt: "2026-10-25T12:00:00+01:00", delay: 1, validDays: 1, activeFrom: "2026-10-26T00:00:00+01:00", expiresAt: "2026-10-27T00:00:00+01:00"),
        Case(name: "the evening before DST ends: active 25 October 00:00 +02:00",
             createdAt: "2026-10-24T23:30:00+02:00", delay: 1, validDays: 2, activeFrom: "2026-10-25T00:00:00+02:00", expiresAt: "2026-10-27T00:00:00+01:00"),
        Case(name: "activation delay 0: usable at once", createdAt: "2026-06-10T15:00:00+02:00", delay: 0, validDays: 1,
             activeFrom: "2026-06-10T15:00:00+02:00", expiresAt: "2026-06-11T00:00:00+02:00"),
        Case(name: "activation delay 3 across a month end", createdAt: "2026-01-30T09:00:00+01:00", delay: 3, validDays: nil,
             activeFrom: "2026-02-02T00:00:00+01:00", expiresAt: nil),
    ]

    @Test("activation and expiry instants", arguments: cases)
    func dates(_ c: Case) {
        let issuer = VoucherIssuer(policy: VoucherPolicy(validDays: c.validDays, activationDelayDays: c.delay), calendar: Self.calendar)
        let activeFrom = issuer.activeFrom(createdAt: Fixture.instant(c.createdAt))
        #expect(activeFrom == Fixture.instant(c.activeFrom), "\(c.name): active from \(InstantText.format(activeFrom))")
        let expiresAt = issuer.expiresAt(activeFrom: activeFrom)
        #expect(expiresAt == c.expiresAt.map(Fixture.instant), "\(c.name): expires \(expiresAt.map(InstantText.format) ?? "never")")
    }

    @Test("the 28 March voucher is usable 27 April 23:59 local and not at 00:00 on 28 April", arguments: [
        ("2026-03-28T23:59:00+01:00", false), ("2026-03-29T00:00:00+01:00", true), ("2026-03-29T03:00:00+02:00", true),
        ("2026-04-27T23:59:00+02:00", true), ("2026-04-27T23:59:59+02:00", true), ("2026-04-28T00:00:00+02:00", false),
    ])
    func usableWindow(at: String, usable: Bool) throws {
        let issuer = VoucherIssuer(policy: VoucherPolicy(validDays: 30), calendar: Self.calendar)
        var serials = VoucherSerialCounter(next: 1)
        let voucher = try issuer.issue(value: 500, at: Fixture.instant("2026-03-28T23:58:00+01:00"), saleId: "S", serials: &serials)
        #expect((voucher.usability(at: Fixture.instant(at)) == .usable) == usable, "at \(at) usable: \(usable)")
    }

    @Test("codes: prefix + zero-padded serial + GS1 check digit, one serial each", arguments: [
        ("555", UInt64(42), "5550000000425"), ("555", UInt64(1), "5550000000012"), ("299", UInt64(1), "2990000000019"),
        ("299", UInt64(123_456_789), "2991234567897"),
    ])
    func codes(prefix: String, serial: UInt64, expected: String) throws {
        let issuer = VoucherIssuer(policy: VoucherPolicy(prefix: prefix), calendar: Self.calendar)
        #expect(try issuer.code(serial: serial).digits == expected)
        #expect((try? EAN13(validating: expected)) != nil, "the check digit validates")
    }

    @Test("serials advance, so a sale's vouchers have distinct codes; an exhausted counter is an error")
    func serials() throws {
        let issuer = VoucherIssuer(policy: VoucherPolicy(), calendar: Self.calendar)
        var serials = VoucherSerialCounter(next: 7)
        let now = Fixture.instant(Fixture.noon)
        let first = try issuer.issue(value: 100, at: now, saleId: nil, serials: &serials)
        let second = try issuer.issue(value: 100, at: now, saleId: nil, serials: &serials)
        #expect(first.code != second.code)
        #expect(serials.next == 9)
        var full = VoucherSerialCounter(next: 1_000_000_000)
        #expect(throws: VoucherIssuer.Failure.serialExhausted(prefix: "555", serial: 1_000_000_000)) {
            try issuer.issue(value: 100, at: now, saleId: nil, serials: &full)
        }
    }

    @Test("a voucher is redeemed once: after redemption it is refused")
    func singleUse() {
        var voucher = Fixture.voucher(500)
        let now = Fixture.instant(Fixture.noon)
        #expect(voucher.usability(at: now) == .usable)
        voucher.status = .redeemed
        #expect(voucher.usability(at: now) == .alreadyRedeemed)
        voucher.status = .void
        #expect(voucher.usability(at: now) == .void)
    }
}
