import Foundation
import Testing
@testable import Loyalty

@Suite("VoucherVATSplit")
struct VoucherVATSplitTests {
    static let mixedTicket: [(rate: Decimal, total: Cents)] = [(21, 1210), (6, 1060)]

    @Test("prorata spreads a 5 € voucher over 21 % and 6 % by each rate's share, summing exactly")
    func prorata() {
        let shares = VoucherVATSplit.split(500, treatment: .prorata, ticketByRate: Self.mixedTicket)
        #expect(shares.map(\.rate) == [21, 6])
        #expect(shares.map(\.amount) == [267, 233], "500 × 1210/2270 = 266.5 → 267 by largest remainder; 233")
        #expect(shares.reduce(Cents.zero) { $0 + $1.amount } == 500, "the parts add up to the voucher")
        #expect(shares.map(\.vat) == [46, 13], "VAT removed per rate")
        #expect(shares.allSatisfy { $0.base + $0.vat == $0.amount })
    }

    @Test("a fixed 21 % removes more VAT than the food carried (why prorata is the default)")
    func fixedOverDeducts() {
        let fixed = VoucherVATSplit.split(500, treatment: .fixed(21), ticketByRate: Self.mixedTicket)
        let prorata = VoucherVATSplit.split(500, treatment: .prorata, ticketByRate: Self.mixedTicket)
        #expect(fixed.map(\.vat) == [87])
        #expect(fixed[0].vat > prorata.reduce(Cents.zero) { $0 + $1.vat }, "87 ct vs 59 ct of VAT removed")
    }

    @Test("treatment 0: the voucher line carries no VAT")
    func zero() {
        let shares = VoucherVATSplit.split(500, treatment: .none, ticketByRate: Self.mixedTicket)
        #expect(shares == [VATShare(rate: 0, amount: 500, base: 500, vat: 0)])
    }

    @Test("nothing to split, nothing returned; a single-rate ticket gets one share")
    func edges() {
        #expect(VoucherVATSplit.split(0, treatment: .prorata, ticketByRate: Self.mixedTicket).isEmpty)
        let single = VoucherVATSplit.split(100, treatment: .prorata, ticketByRate: [(6, 1000)])
        #expect(single == [VATShare(rate: 6, amount: 100, base: 94, vat: 6)])
    }
}
