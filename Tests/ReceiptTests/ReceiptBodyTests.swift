import Foundation
import Loyalty
import Receipt
import StrictJSON
import Testing

struct ReceiptBodyTests {
    static let json = #"""
    {"header": ["Café Smarkiok", "Rue Neuve 1, 1000 Bruxelles"],
     "lines": [{"description": "Cappuccino", "quantity": 2, "unitPriceCents": 350, "totalCents": 700},
               {"description": "Croissant au beurre", "unitPriceCents": 180, "totalCents": 180},
               {"description": "Eau pétillante", "unitPriceCents": 250, "totalCents": 250}],
     "totals": [{"label": "Total", "amountCents": 1130, "emphasized": true}],
     "vat": [{"ratePercent": 6, "baseCents": 170, "vatCents": 10}, {"ratePercent": 21, "baseCents": 785, "vatCents": 165}, {"ratePercent": 5.5, "baseCents": 0, "vatCents": 0}],
     "payments": [{"label": "Bancontact", "amountCents": 1130}],
     "trailer": ["Merci de votre visite !"]}
    """#

    static func decode(_ json: String) throws -> ReceiptBody {
        try ReceiptBody(decoding: JSONCursor.parse(Array(json.utf8), path: JSONPath("receipt")))
    }

    @Test("a full body decodes, rates as exact decimals, quantity defaulting to 1")
    func decodes() throws {
        let body = try Self.decode(Self.json)
        #expect(body.header == ["Café Smarkiok", "Rue Neuve 1, 1000 Bruxelles"])
        #expect(body.lines.map(\.quantity) == [2, 1, 1])
        #expect(body.lines[0] == ReceiptBody.Line(description: "Cappuccino", quantity: 2, unitPrice: 350, total: 700))
        #expect(body.vat.map(\.rate) == [6, 21, Decimal(string: "5.5")!])
        #expect(body.vat[1].total == 950)
        #expect(body.totals == [ReceiptBody.Total(label: "Total", amount: 1130, emphasized: true)])
    }

    @Test("errors name the key path", arguments: [
        (#"{"lines": [{"description": "X", "unitPriceCents": 1, "totalCents": "1"}]}"#, #"receipt.lines[0].totalCents: expected an integer between -100000000 and 100000000, got "1""#),
        (#"{"header": []}"#, "receipt.lines: missing required key"),
        (#"{"lines": [], "vat": [{"ratePercent": 121, "baseCents": 1, "vatCents": 1}]}"#, "receipt.vat[0].ratePercent: expected a decimal number >= 0 and <= 100, got 121"),
        (#"{"lines": [], "logo": "x"}"#, "receipt.logo: unknown key (known keys here: header, lines, payments, totals, trailer, vat)"),
        (#"{"lines": [{"description": "", "unitPriceCents": 1, "totalCents": 1}]}"#, #"receipt.lines[0].description: expected a non-empty string, got """#),
    ])
    func errors(_ json: String, _ message: String) {
        do {
            _ = try Self.decode(json)
            Issue.record("expected \(message)")
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test("sizes are capped")
    func caps() {
        let lines = (0...ReceiptBody.maximumLines).map { _ in #"{"description": "X", "unitPriceCents": 1, "totalCents": 1}"# }.joined(separator: ",")
        #expect(throws: JSONDecodeError.self) { try Self.decode(#"{"lines": [\#(lines)]}"#) }
    }

    @Test("amounts always show two decimals, comma in French and Dutch", arguments: [
        (Cents(700), Language.fr, "7,00"), (Cents(42), .nl, "0,42"), (Cents(1130), .en, "11.30"), (Cents(-150), .fr, "-1,50"), (Cents(5), .en, "0.05"),
    ])
    func amounts(_ cents: Cents, _ language: Language, _ text: String) {
        #expect(ReceiptBodyLayout.amount(cents, language) == text)
    }
}
