import Foundation
import Testing
@testable import Loyalty

/// Refunds reverse what the returned lines earned, pro rata, never below zero.
@Suite("LoyaltyEngine refunds")
struct LoyaltyEngineRefundTests {
    static let later = "2026-05-20T12:00:00+02:00"

    /// Sells `basket` to `account` and returns the outcome.
    static func sell(_ program: LoyaltyProgram, _ basket: Basket, _ account: LoyaltyAccount) throws -> SaleOutcome {
        try LoyaltyEngine(program: program).quote(basket: basket, account: account, context: Fixture.context(Fixture.noon, serial: 100))
    }

    static func refund(_ program: LoyaltyProgram, _ record: SaleEarningRecord, _ lines: [ReturnedLine], _ account: LoyaltyAccount) throws -> RefundOutcome {
        try LoyaltyEngine(program: program).refund(record, returning: lines, account: account, context: Fixture.context(later, serial: 500))
    }

    static let pointsBasket = Fixture.basket(Fixture.line("SHOES", 2, 1000), Fixture.line("SOCKS", 1, 500))

    @Test("a returned unit reverses its share; returning the rest reverses exactly what was earned")
    func proRata() throws {
        let sale = try Self.sell(.standard, Self.pointsBasket, Fixture.account(balance: 100, lifetime: 100))
        #expect(sale.earned.points == 25)
        let account = try #require(sale.accountAfter)
        let first = try Self.refund(.standard, sale.earningRecord, [ReturnedLine(line: 0, quantity: 1)], account)
        #expect(first.reversed.points == 10, "one 10 € shoe of 25 €")
        #expect(first.accountAfter.balance == 115 && first.accountAfter.lifetimePoints == 115)
        #expect(first.ledger == [LedgerEntry(.pointsReversed, .points, -10, reason: "refund of sale S-1", reference: "S-1")])
        let rest = try Self.refund(.standard, first.record, [ReturnedLine(line: 0, quantity: 5), ReturnedLine(line: 1, quantity: 1)], first.accountAfter)
        #expect(rest.accepted == [ReturnedLine(line: 0, quantity: 1), ReturnedLine(line: 1, quantity: 1)], "no more than was sold")
        #expect(first.reversed.points + rest.reversed.points == 25)
        #expect(rest.accountAfter.balance == 100 && rest.accountAfter.lifetimePoints == 100)
        let again = try Self.refund(.standard, rest.record, [ReturnedLine(line: 0, quantity: 1)], rest.accountAfter)
        #expect(again.reversed == Earned() && again.accepted.isEmpty, "a line cannot be refunded twice")
    }

    @Test("thirds add up: three successive refunds of one unit reverse 10 points in total, not 9 or 12")
    func thirds() throws {
        let sale = try Self.sell(LoyaltyProgram(mode: .points), Fixture.basket(Fixture.line("A", 3, 334)), Fixture.account())
        #expect(sale.earned.points == 10)
        var record = sale.earningRecord
        var account = try #require(sale.accountAfter)
        var total = 0
        for _ in 0..<3 {
            let refund = try Self.refund(LoyaltyProgram(mode: .points), record, [ReturnedLine(line: 0, quantity: 1)], account)
            total += refund.reversed.points
            record = refund.record
            account = refund.accountAfter
        }
        #expect(total == 10)
        #expect(account.balance == 0)
    }

    @Test("a refund larger than the remaining balance stops at 0; the shortfall is recorded, never charged later")
    func largerThanBalance() throws {
        let sale = try Self.sell(.standard, Fixture.basket(Fixture.line("TV", 1, 60_000)), Fixture.account(balance: 0, lifetime: 0))
        #expect(sale.earned.points == 600)
        var spent = try #require(sale.accountAfter)
        spent.balance = 90
        let refund = try Self.refund(.standard, sale.earningRecord, [ReturnedLine(line: 0, quantity: 1)], spent)
        #expect(refund.reversed.points == 600)
        #expect(refund.accountAfter.balance == 0, "never below zero")
        #expect(refund.shortfall.points == 510)
        #expect(refund.ledger.contains(LedgerEntry(.reversalShortfall, .points, 510, reason: "refund of sale S-1: already spent, not charged", reference: "S-1")))
        #expect(refund.accountAfter.lifetimePoints == 0, "lifetime goes down by what the refund reverses")
        #expect(refund.tierBefore?.id == "silver" && refund.tierAfter?.id == "bronze")
        let next = try LoyaltyEngine(program: .standard).quote(basket: Fixture.basket(Fixture.line("A", 1, 1000), saleId: "S-2"), account: refund.accountAfter, context: Fixture.context(Self.later))
        #expect(next.accountAfter?.balance == 10, "the shortfall is not taken from later earnings")
    }

    @Test("percentage: an unused voucher is voided and re-issued for what is left")
    func voucherReissued() throws {
        let program = LoyaltyProgram(mode: .percentage, rules: Fixture.softRules, vouchers: VoucherPolicy(validDays: 30))
        let sale = try Self.sell(program, Fixture.basket(Fixture.soft(3)), Fixture.account())
        let original = try #require(sale.vouchersCreated.first)
        let refund = try Self.refund(program, sale.earningRecord, [ReturnedLine(line: 0, quantity: 1)], try #require(sale.accountAfter))
        #expect(refund.reversed.voucherValue == 14)
        #expect(refund.vouchersVoided == [original.code.digits])
        let reissued = try #require(refund.vouchersCreated.first)
        #expect(reissued.value == 28 && reissued.origin == .reissued)
        #expect(reissued.activeFrom == original.activeFrom && reissued.expiresAt == original.expiresAt, "same validity window")
        #expect(refund.accountAfter.voucher(code: original.code.digits)?.status == .void)
        #expect(refund.shortfall == Earned())
    }

    @Test("percentage: a voucher already used is never charged twice; the shortfall is recorded")
    func voucherAlreadyUsed() throws {
        let program = LoyaltyProgram(mode: .percentage, rules: Fixture.softRules)
        let sale = try Self.sell(program, Fixture.basket(Fixture.soft(3)), Fixture.account())
        var account = try #require(sale.accountAfter)
        account.vouchers[0].status = .redeemed
        let refund = try Self.refund(program, sale.earningRecord, [ReturnedLine(line: 0, quantity: 3)], account)
        #expect(refund.reversed.voucherValue == 42)
        #expect(refund.shortfall.voucherValue == 42)
        #expect(refund.vouchersVoided.isEmpty && refund.accountAfter.vouchers == account.vouchers)
    }

    @Test("pointsThreshold: points already turned into an unused voucher come back by voiding it")
    func thresholdVoucherVoided() throws {
        let program = LoyaltyEngineModeTests.threshold
        let sale = try Self.sell(program, Fixture.basket(Fixture.soft(20)), Fixture.account())
        #expect(sale.vouchersCreated.count == 1 && sale.accountAfter?.balance == 0)
        let refund = try Self.refund(program, sale.earningRecord, [ReturnedLine(line: 0, quantity: 20)], try #require(sale.accountAfter))
        #expect(refund.reversed.points == 100)
        #expect(refund.vouchersVoided == [sale.vouchersCreated[0].code.digits])
        #expect(refund.accountAfter.balance == 0 && refund.shortfall.points == 0)
        #expect(refund.accountAfter.lifetimePoints == 0)
    }

    @Test("cashback and stamps are taken back, never below zero", arguments: [LoyaltyMode.cashback, .stamps])
    func walletModes(mode: LoyaltyMode) throws {
        let program = LoyaltyProgram(mode: mode, cashbackPercent: 5, rules: [ItemRule(match: .sku("A"), stampEligible: true)])
        let sale = try Self.sell(program, Fixture.basket(Fixture.line("A", 4, 1210)), Fixture.account())
        var account = try #require(sale.accountAfter)
        account.cashback = 100
        account.stamps = 1
        let refund = try Self.refund(program, sale.earningRecord, [ReturnedLine(line: 0, quantity: 4)], account)
        if mode == .cashback {
            #expect(refund.reversed.cashback == 200 && refund.shortfall.cashback == 100, "5 % of 40 € HT owed, 1 € left in the wallet")
            #expect(refund.accountAfter.cashback == .zero && refund.accountAfter.stamps == 1)
        } else {
            #expect(refund.reversed.stamps == 4 && refund.shortfall.stamps == 3, "4 stamps owed, 1 left on the card")
            #expect(refund.accountAfter.stamps == 0 && refund.accountAfter.cashback == 100)
        }
    }

    @Test("the earning record survives a JSON round trip (storage keeps it as JSON)")
    func recordJSON() throws {
        let sale = try Self.sell(.standard, Self.pointsBasket, Fixture.account())
        let record = sale.earningRecord
        let decoded = try SaleEarningRecord.decode(JSONCursorFactory.cursor(record.json))
        #expect(decoded == record)
    }
}

import StrictJSON

enum JSONCursorFactory {
    /// A cursor over `value` after a write/parse round trip (as storage would do).
    static func cursor(_ value: JSONValue) throws -> JSONCursor {
        JSONCursor(try JSONParser.parse(JSONWriter.string(value)))
    }
}
