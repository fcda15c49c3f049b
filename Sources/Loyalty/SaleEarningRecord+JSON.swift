import Foundation
import StrictJSON

extension SaleEarningRecord {
    /// The record as JSON (what storage keeps with the sale; `decode` reads it back).
    public var json: JSONValue {
        JSONBuild.object([
            ("saleId", .string(saleId)), ("accountId", .string(accountId)), ("mode", .string(mode.rawValue)),
            ("lines", .array(lines.map { line in
                JSONBuild.object([
                    ("index", JSONBuild.int(line.index)), ("sku", .string(line.sku)), ("quantity", JSONBuild.int(line.quantity)),
                    ("weight", JSONBuild.decimal(line.weight)), ("returned", JSONBuild.int(line.returned)),
                ])
            })),
            ("points", JSONBuild.int(points)), ("stamps", JSONBuild.int(stamps)), ("cashbackCents", JSONBuild.cents(cashback)),
            ("voucherValueCents", JSONBuild.cents(voucherValue)),
        ])
    }

    /// Decodes a record written by `json`.
    /// - Throws: `JSONDecodeError`.
    public static func decode(_ cursor: JSONCursor) throws -> SaleEarningRecord {
        let object = try cursor.object(keys: ["saleId", "accountId", "mode", "lines", "points", "stamps", "cashbackCents", "voucherValueCents"])
        let lines = try object.required("lines").array(maxCount: Basket.maximumLines).map { element in
            let line = try element.object(keys: ["index", "sku", "quantity", "weight", "returned"])
            let quantity = try line.required("quantity").int(min: 0)
            return Line(
                index: try line.required("index").int(min: 0), sku: try line.required("sku").string(),
                quantity: quantity, weight: try line.required("weight").decimal(min: 0),
                returned: try line.optional("returned")?.int(min: 0, max: quantity) ?? 0
            )
        }
        return SaleEarningRecord(
            saleId: try object.required("saleId").string(), accountId: try object.required("accountId").string(),
            mode: LoyaltyMode(rawValue: try object.required("mode").oneOf(LoyaltyMode.allCases.map(\.rawValue)))!,
            lines: lines, points: try object.optional("points")?.int(min: 0) ?? 0, stamps: try object.optional("stamps")?.int(min: 0) ?? 0,
            cashback: Cents(try object.optional("cashbackCents")?.int(min: 0) ?? 0),
            voucherValue: Cents(try object.optional("voucherValueCents")?.int(min: 0) ?? 0)
        )
    }
}

extension RefundOutcome {
    /// The refund as JSON: `{"saleId", "reversed", "shortfall", "accepted", "ledger", "vouchersVoided",
    /// "vouchersCreated", "tierBefore", "tierAfter", "accountAfter", "record", "nextVoucherSerial"}`.
    public var json: JSONValue {
        JSONBuild.object([
            ("saleId", .string(saleId)), ("reversed", reversed.json), ("shortfall", shortfall.json),
            ("accepted", .array(accepted.map { JSONBuild.object([("line", JSONBuild.int($0.line)), ("quantity", JSONBuild.int($0.quantity))]) })),
            ("ledger", .array(ledger.map(\.json))), ("vouchersVoided", .array(vouchersVoided.map(JSONValue.string))),
            ("vouchersCreated", .array(vouchersCreated.map(\.json))),
            ("tierBefore", tierBefore?.json ?? .null), ("tierAfter", tierAfter?.json ?? .null),
            ("accountAfter", accountAfter.json), ("record", record.json), ("nextVoucherSerial", .number(String(voucherSerials.next))),
        ])
    }
}
