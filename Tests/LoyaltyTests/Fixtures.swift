import Foundation
@testable import Loyalty

/// Shared test values: pinned instants, the Brussels time zone, soft drinks.
enum Fixture {
    static let brussels = TimeZone(identifier: "Europe/Brussels")!

    /// An instant from RFC 3339 text; traps on a typo in the test itself.
    static func instant(_ text: String) -> Date {
        guard let date = InstantText.parse(text) else { fatalError("bad instant in test: \(text)") }
        return date
    }

    static func context(_ now: String, confirmed: Bool = true, serial: UInt64 = 1, language: Language = .en) -> SaleContext {
        SaleContext(now: instant(now), timeZone: brussels, identityConfirmed: confirmed, voucherSerials: VoucherSerialCounter(next: serial), storeLanguage: language)
    }

    static let noon = "2026-05-12T12:00:00+02:00"

    static func soft(_ quantity: Int, price: Int = 350, sku: String = "COLA33") -> BasketLine {
        BasketLine(sku: sku, family: "SOFT", quantity: quantity, unitPrice: Cents(price), vatRate: 21)
    }

    static func line(_ sku: String, _ quantity: Int, _ price: Int, vat: Decimal = 21, discount: Int = 0) -> BasketLine {
        BasketLine(sku: sku, quantity: quantity, unitPrice: Cents(price), vatRate: vat, discount: Cents(discount))
    }

    static func basket(_ lines: BasketLine..., saleId: String = "S-1", redeem: RedemptionRequest = RedemptionRequest()) -> Basket {
        Basket(saleId: saleId, lines: lines, redemptions: redeem)
    }

    static func account(balance: Int = 0, lifetime: Int? = nil, stamps: Int = 0, cashback: Int = 0, vouchers: [Voucher] = []) -> LoyaltyAccount {
        LoyaltyAccount(id: "C-1", balance: balance, lifetimePoints: lifetime ?? balance, stamps: stamps, cashback: Cents(cashback), vouchers: vouchers)
    }

    /// The RESTOMAX SOFT family rules: 4 % or 5 points per soft.
    static let softRules = [ItemRule(match: .family("SOFT"), percent: 4, points: 5)]

    static func quote(_ program: LoyaltyProgram, _ basket: Basket, _ account: LoyaltyAccount?, at now: String = noon, confirmed: Bool = true) throws -> SaleOutcome {
        try LoyaltyEngine(program: program).quote(basket: basket, account: account, context: context(now, confirmed: confirmed))
    }

    /// A usable voucher worth `value` cents with serial `serial`.
    static func voucher(_ value: Int, serial: UInt64 = 900, activeFrom: String = "2026-01-01T00:00:00+01:00", expiresAt: String? = nil) -> Voucher {
        Voucher(
            code: EAN13Factory.code(prefix: "555", serial: serial), value: Cents(value), createdAt: instant(activeFrom),
            activeFrom: instant(activeFrom), expiresAt: expiresAt.map(instant)
        )
    }
}

import Identity

enum EAN13Factory {
    static func code(prefix: String, serial: UInt64) -> EAN13 { EAN13(prefix: prefix, serial: serial)! }
}
