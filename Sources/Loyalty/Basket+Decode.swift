import Foundation
import StrictJSON

extension Basket {
    /// Most lines a basket may have.
    public static let maximumLines = 500
    /// Most vouchers or rewards one ticket may redeem.
    public static let maximumRedemptions = 20

    /// Decodes a basket strictly (shape in docs/loyalty.md):
    /// `{"saleId"?, "lines": [{"sku", "quantity", "unitPriceCents", …}], "redeem"?: {…}}`.
    /// - Throws: `JSONDecodeError` with the key path of the first bad value.
    public static func decode(_ cursor: JSONCursor) throws -> Basket {
        let object = try cursor.object(keys: ["saleId", "lines", "redeem"])
        let lines = try object.required("lines").array(maxCount: maximumLines).map(BasketLine.decode)
        var redemptions = RedemptionRequest()
        if let member = object.optional("redeem") { redemptions = try RedemptionRequest.decode(member) }
        return Basket(
            saleId: try object.optional("saleId")?.string(nonEmpty: true, maxLength: 128),
            lines: lines,
            redemptions: redemptions
        )
    }
}

extension BasketLine {
    static let keys = [
        "sku", "family", "name", "quantity", "unitPriceCents", "vatRate", "discountCents", "loyaltyPercent", "loyaltyPoints",
        "stampEligible", "loyaltyEligible",
    ]

    /// Decodes one line; refuses a discount larger than `quantity × unitPriceCents`.
    /// - Throws: `JSONDecodeError`.
    public static func decode(_ cursor: JSONCursor) throws -> BasketLine {
        let object = try cursor.object(keys: keys)
        var line = BasketLine(
            sku: try object.required("sku").string(nonEmpty: true, maxLength: LoyaltyProgram.Limits.identifierLength),
            quantity: try object.required("quantity").int(min: 1, max: 10_000),
            unitPrice: Cents(try object.required("unitPriceCents").int(min: 0, max: 100_000_00))
        )
        line.family = try object.optional("family")?.string(nonEmpty: true, maxLength: LoyaltyProgram.Limits.identifierLength)
        line.name = try object.optional("name")?.string(maxLength: 200)
        if let member = object.optional("vatRate") { line.vatRate = try member.decimal(min: 0, max: 100) }
        if let member = object.optional("discountCents") {
            line.discount = Cents(try member.int(min: 0))
            if line.discount > line.unitPrice * line.quantity {
                throw member.failure("discount \(line.discount.value) is larger than the line (\((line.unitPrice * line.quantity).value))")
            }
        }
        line.loyaltyPercent = try object.optional("loyaltyPercent")?.decimal(min: 0, max: 100)
        line.loyaltyPoints = try object.optional("loyaltyPoints")?.decimal(min: 0, max: 1_000_000)
        line.stampEligible = try object.optional("stampEligible")?.bool()
        line.loyaltyEligible = try object.optional("loyaltyEligible")?.bool()
        return line
    }
}

extension RedemptionRequest {
    /// Decodes `{"rewards": [id…], "vouchers": [code…], "cashbackCents": n}` (all optional).
    /// - Throws: `JSONDecodeError`.
    public static func decode(_ cursor: JSONCursor) throws -> RedemptionRequest {
        let object = try cursor.object(keys: ["rewards", "vouchers", "cashbackCents"])
        var request = RedemptionRequest()
        if let member = object.optional("rewards") {
            request.rewards = try member.array(maxCount: Basket.maximumRedemptions).map {
                try $0.string(nonEmpty: true, maxLength: LoyaltyProgram.Limits.identifierLength)
            }
        }
        if let member = object.optional("vouchers") {
            request.vouchers = try member.array(maxCount: Basket.maximumRedemptions).map { element in
                let code = try element.string()
                guard code.count == 13, code.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw element.mismatch("a 13-digit voucher code") }
                return code
            }
        }
        if let member = object.optional("cashbackCents") { request.cashback = Cents(try member.int(min: 0)) }
        return request
    }
}
