import Foundation
import StrictJSON
import Testing
@testable import Loyalty

@Suite("LoyaltyAccount JSON")
struct LoyaltyAccountJSONTests {
    static func decode(_ text: String) throws -> LoyaltyAccount {
        try LoyaltyAccount.decode(JSONCursor(try JSONParser.parse(text), path: JSONPath("account")))
    }

    @Test("an account decodes, and its JSON decodes back to the same account")
    func roundTrip() throws {
        let account = try Self.decode("""
            {"id": "C-42", "balance": 475, "lifetimePoints": 975, "stamps": 3, "cashbackCents": 120,
             "vouchers": [{"code": "5550000000425", "valueCents": 42, "createdAt": "2026-03-28T23:58:00+01:00",
                           "activeFrom": "2026-03-29T00:00:00+01:00", "expiresAt": "2026-04-28T00:00:00+02:00", "status": "issued", "saleId": "S-1"}],
             "pointBatches": [{"earnedAt": "2026-01-10T10:00:00+01:00", "points": 100, "expiresAt": "2026-02-10T00:00:00+01:00"}],
             "birthday": "2000-02-29", "lastVisit": "2026-05-01T10:00:00.250Z", "language": "nl", "eligible": true, "counter": false}
            """)
        #expect(account.vouchers.first?.expiresAt == Fixture.instant("2026-04-27T22:00:00Z"))
        #expect(account.birthday == Birthday(month: 2, day: 29, year: 2000))
        #expect(account.language == .nl)
        let again = try LoyaltyAccount.decode(JSONCursorFactory.cursor(account.json))
        #expect(again == account, "encode then decode gives the same account")
    }

    @Test("an outcome's account after the sale round-trips too")
    func outcomeAccount() throws {
        let outcome = try Fixture.quote(LoyaltyProgram(mode: .percentage, rules: Fixture.softRules, vouchers: VoucherPolicy(validDays: 30)), Fixture.basket(Fixture.soft(3)), Fixture.account())
        let after = try #require(outcome.accountAfter)
        #expect(try LoyaltyAccount.decode(JSONCursorFactory.cursor(after.json)) == after)
    }

    @Test("faults name the key path", arguments: [
        (#"{"balance": 3}"#, "account.id: missing required key"),
        (#"{"id": "C", "balance": -1}"#, "account.balance: expected an integer >= 0, got -1"),
        (#"{"id": "C", "birthday": "02/29"}"#, "account.birthday: expected a birthday"),
        (#"{"id": "C", "lastVisit": "2026-05-01 10:00"}"#, "account.lastVisit: expected an ISO 8601 instant"),
        (#"{"id": "C", "vouchers": [{"code": "5550000000426", "valueCents": 1, "createdAt": "2026-01-01T00:00:00Z"}]}"#, "account.vouchers[0].code: not a valid EAN-13: bad check digit 6, expected 5"),
        (#"{"id": "C", "balance": 10, "pointBatches": [{"earnedAt": "2026-01-01T00:00:00Z", "points": 11}]}"#, "account.pointBatches: point batches hold 11 points, more than the balance 10"),
        (#"{"id": "C", "language": "de"}"#, "account.language: expected one of"),
    ])
    func faults(text: String, message: String) {
        do {
            _ = try Self.decode(text)
            Issue.record("expected \(message)")
        } catch {
            #expect("\(error)".contains(message), "got: \(error)")
        }
    }
}
