import Foundation
import StrictJSON
import Testing
@testable import Loyalty

@Suite("Basket decoding")
struct BasketDecodeTests {
    static func decode(_ text: String) throws -> Basket {
        try Basket.decode(JSONCursor(try JSONParser.parse(text), path: JSONPath("basket")))
    }

    @Test("a basket with lines, loyalty values and redemptions")
    func full() throws {
        let basket = try Self.decode("""
            {"saleId": "K1-000123",
             "lines": [{"sku": "COLA", "family": "SOFT", "name": "Cola 33 cl", "quantity": 3, "unitPriceCents": 350, "vatRate": 21,
                        "discountCents": 50, "loyaltyPercent": 4.5, "loyaltyPoints": 5, "stampEligible": true, "loyaltyEligible": true}],
             "redeem": {"rewards": ["five-off"], "vouchers": ["5550000000425"], "cashbackCents": 120}}
            """)
        #expect(basket.saleId == "K1-000123")
        #expect(basket.total == 1000)
        #expect(basket.lines[0].loyaltyPercent == Decimal(string: "4.5")!)
        #expect(basket.redemptions == RedemptionRequest(rewards: ["five-off"], vouchers: ["5550000000425"], cashback: 120))
    }

    @Test("faults name the key path", arguments: [
        (#"{"lines": [{"sku": "A", "quantity": 1, "unitPriceCents": 100, "discountCents": 101}]}"#, "basket.lines[0].discountCents: discount 101 is larger than the line (100)"),
        (#"{"lines": [{"sku": "A", "quantity": 1, "unitPriceCents": 1.5}]}"#, "basket.lines[0].unitPriceCents: expected an integer"),
        (#"{"lines": [{"sku": "A", "quantity": 1}]}"#, "basket.lines[0].unitPriceCents: missing required key"),
        (#"{"lines": [], "redeem": {"vouchers": ["555"]}}"#, "basket.redeem.vouchers[0]: expected a 13-digit voucher code"),
        (#"{"lines": [], "total": 5}"#, "basket.total: unknown key"),
        (#"{"saleId": "S"}"#, "basket.lines: missing required key"),
    ])
    func faults(text: String, message: String) {
        #expect(throws: (any Error).self) { try Self.decode(text) }
        do { _ = try Self.decode(text) } catch { #expect("\(error)".contains(message), "got: \(error)") }
    }
}
