import Foundation
import Testing
@testable import Loyalty
@testable import Receipt

/// The seed's footer ("487 (+12)", Silver) in the three languages, produced by the engine.
@Suite("LoyaltyFooter seed example")
struct FooterSeedTests {
    /// A Silver customer (975 lifetime points, 475 to spend) buys 12,40 €: +12 points, 487.
    static func seedOutcome(language: Language) throws -> SaleOutcome {
        let account = LoyaltyAccount(id: "C-1", balance: 475, lifetimePoints: 975, language: language)
        let basket = Basket(saleId: "S-1", lines: [BasketLine(sku: "LUNCH", quantity: 1, unitPrice: 1240, vatRate: 12)])
        let context = SaleContext(
            now: Date(timeIntervalSince1970: 1_778_580_000), timeZone: TimeZone(identifier: "Europe/Brussels")!, identityConfirmed: true
        )
        return try LoyaltyEngine(program: .standard).quote(basket: basket, account: account, context: context)
    }

    @Test("the seed's footer, per language", arguments: [
        (Language.en, ["Loyalty Program", "Cumulative points: 487 (+12)", "Available reward: -5 € (reached at 500 pts)", "Current tier: Silver"]),
        (Language.fr, ["Programme de fidélité", "Points cumulés : 487 (+12)", "Récompense disponible : -5 € (atteinte à 500 pts)", "Niveau actuel : Argent"]),
        (Language.nl, ["Getrouwheidsprogramma", "Gespaarde punten: 487 (+12)", "Beschikbare beloning: -5 € (bereikt bij 500 ptn)", "Huidig niveau: Zilver"]),
    ])
    func seedFooter(language: Language, expected: [String]) throws {
        let outcome = try Self.seedOutcome(language: language)
        let footer = LoyaltyFooter(try #require(outcome.footer))
        #expect(footer.language == language, "the customer's profile language picks the footer")
        #expect(footer.texts == expected, "exactly the seed's four lines in \(language)")
        #expect(footer.lines.first?.emphasized == true, "the title is emphasised")
    }

    @Test("the store language is used when the profile has none")
    func storeLanguage() throws {
        let account = LoyaltyAccount(id: "C-1", balance: 475, lifetimePoints: 975)
        let context = SaleContext(now: Date(timeIntervalSince1970: 1_778_580_000), timeZone: TimeZone(identifier: "Europe/Brussels")!, identityConfirmed: true, storeLanguage: .nl)
        let outcome = try LoyaltyEngine(program: .standard).quote(basket: Basket(lines: [BasketLine(sku: "X", quantity: 1, unitPrice: 1240)]), account: account, context: context)
        #expect(outcome.footer?.language == .nl)
    }

    @Test("labels overridden in config replace the default in their language only")
    func overrides() throws {
        let outcome = try Self.seedOutcome(language: .en)
        let labels = FooterLabels(overrides: [.en: [.cumulativePoints: "Your points: {balance} ({delta})"], .fr: [.title: "Fidélité"]])
        let english = LoyaltyFooter(try #require(outcome.footer), labels: labels)
        #expect(english.texts[0] == "Loyalty Program", "the French override does not touch English")
        #expect(english.texts[1] == "Your points: 487 (+12)")
        let french = LoyaltyFooter(try #require(outcome.footer), labels: labels, language: .fr)
        #expect(french.texts[0] == "Fidélité")
    }

    @Test("every label has a text with only its own placeholders, in each language", arguments: Language.allCases)
    func catalogComplete(language: Language) {
        for label in FooterLabel.allCases {
            let text = FooterLabels.defaultText(label, language)
            #expect(!text.isEmpty, "\(label) has a \(language) text")
            #expect(Set(LabelTemplate.placeholders(in: text)) == Set(label.placeholders), "\(label) in \(language) uses exactly its placeholders")
        }
    }
}
