import Foundation
import Loyalty

/// The product documents' example sale, for previews and test pages: a Silver customer
/// (975 lifetime points, 475 to spend) buys a 12,40 € lunch and earns 12 points, so the footer
/// reads `Cumulative points: 487 (+12)`, `Available reward: -5 € (reached at 500 pts)`,
/// `Current tier: Silver`.
public enum ReceiptSample {
    /// The sale's instant (a fixed date: the example never depends on today).
    public static let instant = Date(timeIntervalSince1970: 1_778_580_000)

    /// The example's account, speaking `language`.
    public static func account(language: Language?) -> LoyaltyAccount {
        LoyaltyAccount(id: "C-1", balance: 475, lifetimePoints: 975, language: language)
    }

    /// The example's basket: one lunch at 12,40 €, 12 % VAT.
    public static let basket = Basket(saleId: "S-1", lines: [BasketLine(sku: "LUNCH", quantity: 1, unitPrice: 1240, vatRate: 12)])

    /// The example quoted under `program` (the standard points program by default).
    /// - Throws: what the engine throws for a program that cannot quote the basket.
    public static func outcome(language: Language?, program: LoyaltyProgram = .standard, storeLanguage: Language = .fr) throws -> SaleOutcome {
        let context = SaleContext(
            now: instant, timeZone: TimeZone(identifier: "Europe/Brussels")!, identityConfirmed: true, storeLanguage: storeLanguage)
        return try LoyaltyEngine(program: program).quote(basket: basket, account: account(language: language), context: context)
    }
}
