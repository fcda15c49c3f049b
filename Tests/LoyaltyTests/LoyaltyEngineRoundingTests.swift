import Foundation
import Testing
@testable import Loyalty

/// Exact arithmetic on the whole sale, rounded once: half-up to the cent, down to the point.
@Suite("LoyaltyEngine rounding")
struct LoyaltyEngineRoundingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let lines: [BasketLine]
        let percent: Decimal
        let voucher: Int?
        let expected: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "two 2,35 € lines at 4 % give 0,19 € (not 0,09 + 0,09)", lines: [Fixture.line("A", 1, 235), Fixture.line("B", 1, 235)], percent: 4, voucher: nil, expected: 19),
        Case(name: "half a cent rounds up: 1 % of 0,50 €", lines: [Fixture.line("A", 1, 50)], percent: 1, voucher: nil, expected: 1),
        Case(name: "1.5 ct rounds up to 2 (not to even)", lines: [Fixture.line("A", 1, 150)], percent: 1, voucher: nil, expected: 2),
        Case(name: "2.5 ct rounds up to 3 (not to even)", lines: [Fixture.line("A", 1, 250)], percent: 1, voucher: nil, expected: 3),
        Case(name: "0.49 ct rounds down to 0", lines: [Fixture.line("A", 1, 49)], percent: 1, voucher: nil, expected: 0),
        Case(name: "three lines of 0,33 € at 1 % make 0.99 ct → 1 ct (per line would be 0)", lines: [Fixture.line("A", 1, 33), Fixture.line("B", 1, 33), Fixture.line("C", 1, 33)], percent: 1, voucher: nil, expected: 1),
        Case(name: "three thirds of a cent make one cent (a third of the ticket paid by voucher)", lines: [Fixture.line("A", 1, 50), Fixture.line("B", 1, 50), Fixture.line("C", 1, 50)], percent: 1, voucher: 50, expected: 1),
    ]

    @Test("percentage mode rounds once per sale", arguments: cases)
    func percentageRounding(_ c: Case) throws {
        let lines = c.lines.map { line in var line = line; line.loyaltyPercent = c.percent; return line }
        var account = Fixture.account()
        var redeem = RedemptionRequest()
        if let value = c.voucher {
            account.vouchers = [Fixture.voucher(value)]
            redeem.vouchers = [account.vouchers[0].code.digits]
        }
        let program = LoyaltyProgram(mode: .percentage, vouchers: VoucherPolicy(minimumValue: 1))
        let outcome = try Fixture.quote(program, Basket(saleId: "S", lines: lines, redemptions: redeem), account)
        #expect(outcome.earned.voucherValue == Cents(c.expected), "\(c.name)")
    }

    @Test("points: a third paid by voucher, three 1 € lines earn 2 points (floored once, not 0 per line)")
    func pointsThirds() throws {
        let voucher = Fixture.voucher(100)
        let basket = Fixture.basket(Fixture.line("A", 1, 100), Fixture.line("B", 1, 100), Fixture.line("C", 1, 100), redeem: RedemptionRequest(vouchers: [voucher.code.digits]))
        let outcome = try Fixture.quote(LoyaltyProgram(mode: .points), basket, Fixture.account(vouchers: [voucher]))
        #expect(outcome.ticket.voucherPaid == 100)
        #expect(outcome.earned.points == 2, "3 × 1 € × 2/3 = 2 points exactly")
    }

    @Test("points are floored, never rounded up", arguments: [(1299, 12), (1250, 12), (1201, 12)])
    func pointsFloor(cents: Int, expected: Int) throws {
        let outcome = try Fixture.quote(LoyaltyProgram(mode: .points), Fixture.basket(Fixture.line("A", 1, cents)), Fixture.account())
        #expect(outcome.earned.points == expected)
    }

    @Test("DecimalRounding settles division artefacts", arguments: [
        ("1/3 × 3 floors to 1", Decimal(1) / 3 * 3, 1, 1),
        ("2/3 × 3 floors to 2", Decimal(2) / 3 * 3, 2, 2),
        ("0.5 half-up 1, floor 0", Decimal(string: "0.5")!, 1, 0),
        ("2.5 half-up 3, floor 2", Decimal(string: "2.5")!, 3, 2),
        ("0.49999 half-up 0", Decimal(string: "0.49999")!, 0, 0),
    ])
    func rounding(name: String, value: Decimal, halfUp: Int, floor: Int) {
        #expect(DecimalRounding.halfUp(value) == halfUp, "\(name)")
        #expect(DecimalRounding.floor(value) == floor, "\(name)")
    }
}
