import Foundation
import Loyalty
import StrictJSON

extension ReceiptBody {
    /// Decodes a receipt body strictly:
    /// ```json
    /// {"header": ["Café Smarkiok", "Rue Neuve 1, Bruxelles"],
    ///  "lines": [{"description": "Cappuccino", "quantity": 2, "unitPriceCents": 350, "totalCents": 700}],
    ///  "totals": [{"label": "Total", "amountCents": 700, "emphasized": true}],
    ///  "vat": [{"ratePercent": 21, "baseCents": 579, "vatCents": 121}],
    ///  "payments": [{"label": "Bancontact", "amountCents": 700}],
    ///  "trailer": ["Merci !"]}
    /// ```
    /// Every key is optional except `lines`; `quantity` defaults to 1; sizes are capped
    /// (`maximumLines`, `maximumRows`, `maximumTextLines`, `maximumTextLength`); rates are
    /// exact decimals.
    /// - Throws: `JSONDecodeError` naming the key path (`receipt.lines[2].totalCents: expected an integer …`).
    public init(decoding cursor: JSONCursor) throws {
        let object = try cursor.object(keys: ["header", "lines", "totals", "vat", "payments", "trailer"])
        func texts(_ key: String) throws -> [String] {
            try object.optional(key)?.array(maxCount: Self.maximumTextLines).map { try $0.string(maxLength: Self.maximumTextLength) } ?? []
        }
        func text(_ cursor: JSONCursor) throws -> String { try cursor.string(nonEmpty: true, maxLength: Self.maximumTextLength) }
        func cents(_ cursor: JSONCursor) throws -> Cents { Cents(try cursor.int(min: -100_000_000, max: 100_000_000)) }

        let header = try texts("header")
        let trailer = try texts("trailer")
        let lines = try object.required("lines").array(maxCount: Self.maximumLines).map { item in
            let line = try item.object(keys: ["description", "quantity", "unitPriceCents", "totalCents"])
            return Line(
                description: try text(line.required("description")),
                quantity: try line.optional("quantity")?.int(min: -9_999, max: 9_999) ?? 1,
                unitPrice: try cents(line.required("unitPriceCents")),
                total: try cents(line.required("totalCents")))
        }
        let totals: [Total] = try object.optional("totals")?.array(maxCount: Self.maximumRows).map { item in
            let total = try item.object(keys: ["label", "amountCents", "emphasized"])
            return Total(label: try text(total.required("label")), amount: try cents(total.required("amountCents")),
                         emphasized: try total.optional("emphasized")?.bool() ?? false)
        } ?? []
        let vat: [VATLine] = try object.optional("vat")?.array(maxCount: Self.maximumRows).map { item in
            let row = try item.object(keys: ["ratePercent", "baseCents", "vatCents"])
            return VATLine(rate: try row.required("ratePercent").decimal(min: 0, max: 100), base: try cents(row.required("baseCents")),
                           vat: try cents(row.required("vatCents")))
        } ?? []
        let payments: [Payment] = try object.optional("payments")?.array(maxCount: Self.maximumRows).map { item in
            let payment = try item.object(keys: ["label", "amountCents"])
            return Payment(label: try text(payment.required("label")), amount: try cents(payment.required("amountCents")))
        } ?? []
        self.init(header: header, lines: lines, totals: totals, vat: vat, payments: payments, trailer: trailer)
    }
}
