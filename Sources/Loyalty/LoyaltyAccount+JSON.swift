import Foundation
import Identity
import StrictJSON

extension LoyaltyAccount {
    /// Most vouchers and point batches an account document may hold.
    public static let maximumHistory = 10_000

    /// Decodes an account strictly (shape in docs/loyalty.md); only `id` is required.
    /// - Throws: `JSONDecodeError` with the key path of the first bad value.
    public static func decode(_ cursor: JSONCursor) throws -> LoyaltyAccount {
        let object = try cursor.object(keys: [
            "id", "balance", "lifetimePoints", "stamps", "cashbackCents", "vouchers", "pointBatches", "birthday", "lastVisit",
            "language", "eligible", "counter",
        ])
        var account = LoyaltyAccount(id: try object.required("id").string(nonEmpty: true, maxLength: 128))
        if let member = object.optional("balance") { account.balance = try member.int(min: 0) }
        if let member = object.optional("lifetimePoints") { account.lifetimePoints = try member.int(min: 0) }
        if let member = object.optional("stamps") { account.stamps = try member.int(min: 0) }
        if let member = object.optional("cashbackCents") { account.cashback = Cents(try member.int(min: 0)) }
        if let member = object.optional("vouchers") {
            account.vouchers = try member.array(maxCount: maximumHistory).map(Voucher.decode)
            var codes = Set<String>()
            for (voucher, element) in zip(account.vouchers, try member.array()) where !codes.insert(voucher.code.digits).inserted {
                throw element.failure("duplicate voucher code \(voucher.code)")
            }
        }
        if let member = object.optional("pointBatches") {
            account.pointBatches = try member.array(maxCount: maximumHistory).map(PointBatch.decode)
            let batched = account.pointBatches.reduce(0) { $0 + $1.points }
            if batched > account.balance {
                throw member.failure("point batches hold \(batched) points, more than the balance \(account.balance)")
            }
        }
        if let member = object.optional("birthday") { account.birthday = try Birthday.decode(member) }
        if let member = object.optional("lastVisit") { account.lastVisit = try InstantText.decode(member) }
        if let member = object.optional("language") { account.language = try Language.decode(member) }
        if let member = object.optional("eligible") { account.eligible = try member.bool() }
        if let member = object.optional("counter") { account.counter = try member.bool() }
        return account
    }

    /// The account as JSON, in the shape `decode` reads.
    public var json: JSONValue {
        JSONBuild.compact([
            ("id", .string(id)), ("balance", JSONBuild.int(balance)), ("lifetimePoints", JSONBuild.int(lifetimePoints)),
            ("stamps", JSONBuild.int(stamps)), ("cashbackCents", JSONBuild.cents(cashback)),
            ("vouchers", .array(vouchers.map(\.json))), ("pointBatches", .array(pointBatches.map(\.json))),
            ("birthday", JSONBuild.string(birthday?.description)), ("lastVisit", JSONBuild.instant(lastVisit)),
            ("language", JSONBuild.string(language?.rawValue)), ("eligible", .bool(eligible)), ("counter", .bool(counter)),
        ])
    }
}

extension Voucher {
    /// Decodes a voucher of an account's history.
    /// - Throws: `JSONDecodeError`.
    public static func decode(_ cursor: JSONCursor) throws -> Voucher {
        let object = try cursor.object(keys: [
            "code", "valueCents", "createdAt", "activeFrom", "expiresAt", "delivery", "status", "origin", "saleId", "redeemedAt",
            "redeemedSaleId",
        ])
        let codeCursor = try object.required("code")
        let code: EAN13
        do { code = try EAN13(validating: try codeCursor.string()) } catch let problem as EAN13.Problem {
            throw codeCursor.failure("not a valid EAN-13: \(problem)")
        }
        let createdAt = try InstantText.decode(try object.required("createdAt"))
        var voucher = Voucher(
            code: code, value: Cents(try object.required("valueCents").int(min: 0)), createdAt: createdAt,
            activeFrom: try object.optional("activeFrom").map(InstantText.decode) ?? createdAt,
            expiresAt: try object.optional("expiresAt").map(InstantText.decode)
        )
        if let member = object.optional("delivery") { voucher.delivery = VoucherDelivery(rawValue: try member.oneOf(VoucherDelivery.allCases.map(\.rawValue)))! }
        if let member = object.optional("status") { voucher.status = Status(rawValue: try member.oneOf(Status.allCases.map(\.rawValue)))! }
        if let member = object.optional("origin") { voucher.origin = Origin(rawValue: try member.oneOf(Origin.allCases.map(\.rawValue)))! }
        voucher.saleId = try object.optional("saleId")?.string(maxLength: 128)
        voucher.redeemedAt = try object.optional("redeemedAt").map(InstantText.decode)
        voucher.redeemedSaleId = try object.optional("redeemedSaleId")?.string(maxLength: 128)
        return voucher
    }

    /// The voucher as JSON, in the shape `decode` reads.
    public var json: JSONValue {
        JSONBuild.compact([
            ("code", .string(code.digits)), ("valueCents", JSONBuild.cents(value)), ("createdAt", JSONBuild.instant(createdAt)),
            ("activeFrom", JSONBuild.instant(activeFrom)), ("expiresAt", JSONBuild.instant(expiresAt)),
            ("delivery", .string(delivery.rawValue)), ("status", .string(status.rawValue)), ("origin", .string(origin.rawValue)),
            ("saleId", JSONBuild.string(saleId)), ("redeemedAt", JSONBuild.instant(redeemedAt)),
            ("redeemedSaleId", JSONBuild.string(redeemedSaleId)),
        ])
    }
}

extension PointBatch {
    /// Decodes `{"earnedAt", "points", "expiresAt"?, "saleId"?}`.
    /// - Throws: `JSONDecodeError`.
    public static func decode(_ cursor: JSONCursor) throws -> PointBatch {
        let object = try cursor.object(keys: ["earnedAt", "points", "expiresAt", "saleId"])
        return PointBatch(
            earnedAt: try InstantText.decode(try object.required("earnedAt")), points: try object.required("points").int(min: 0),
            expiresAt: try object.optional("expiresAt").map(InstantText.decode), saleId: try object.optional("saleId")?.string(maxLength: 128)
        )
    }

    /// The batch as JSON.
    public var json: JSONValue {
        JSONBuild.compact([
            ("earnedAt", JSONBuild.instant(earnedAt)), ("points", JSONBuild.int(points)), ("expiresAt", JSONBuild.instant(expiresAt)),
            ("saleId", JSONBuild.string(saleId)),
        ])
    }
}

extension Birthday {
    /// Decodes `"1992-02-29"`, `"--02-29"` or `"02-29"`.
    /// - Throws: `JSONDecodeError`.
    public static func decode(_ cursor: JSONCursor) throws -> Birthday {
        let text = try cursor.string()
        let parts = text.hasPrefix("--") ? text.dropFirst(2).split(separator: "-", omittingEmptySubsequences: false)
            : text.split(separator: "-", omittingEmptySubsequences: false)
        let numbers = parts.map { Int($0) }
        let birthday: Birthday?
        switch (parts.count, text.hasPrefix("--")) {
        case (3, false) where parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2:
            birthday = numbers.contains(nil) ? nil : Birthday(month: numbers[1]!, day: numbers[2]!, year: numbers[0]!)
        case (2, _) where parts[0].count == 2 && parts[1].count == 2:
            birthday = numbers.contains(nil) ? nil : Birthday(month: numbers[0]!, day: numbers[1]!)
        default:
            birthday = nil
        }
        guard let birthday else { throw cursor.mismatch("a birthday as YYYY-MM-DD or --MM-DD") }
        return birthday
    }
}
