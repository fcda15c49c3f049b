import Foundation
import Identity
import Loyalty
import StrictJSON

/// Reads the backend's account document (`docs/backend-api.yaml`, `Account`) into the loyalty
/// engine's `LoyaltyAccount`.
///
/// Lenient by contract: unknown members are ignored (the backend may be newer than the kiosk)
/// and a member of the wrong type is skipped, so a surprising document never stops a sale; the
/// id is required. Fields: `points` (spendable balance), `lifetimePoints`, `stamps`,
/// `cashbackCents`, `language`, `birthday` (`YYYY-MM-DD` or `--MM-DD`), `lastVisitAt`,
/// `vouchers` (`code`, `valueCents`, `status`, `activeFrom`, `expiresAt`, `redeemedAt`),
/// `eligible`, `counter`.
enum BackendAccount {
    static func account(from document: [UInt8], id: String) -> LoyaltyAccount? {
        guard case .object(let object)? = try? JSONParser.parse(document) else { return nil }
        var account = LoyaltyAccount(id: id)
        account.balance = max(0, int(object["points"]) ?? 0)
        account.lifetimePoints = max(account.balance, int(object["lifetimePoints"]) ?? account.balance)
        account.stamps = max(0, int(object["stamps"]) ?? 0)
        account.cashback = Cents(max(0, int(object["cashbackCents"]) ?? 0))
        if case .string(let code)? = object["language"] { account.language = Language(rawValue: code) }
        if case .string(let text)? = object["birthday"] { account.birthday = birthday(text) }
        account.lastVisit = date(object["lastVisitAt"])
        if case .bool(let eligible)? = object["eligible"] { account.eligible = eligible }
        if case .bool(let counter)? = object["counter"] { account.counter = counter }
        if case .array(let vouchers)? = object["vouchers"] {
            account.vouchers = vouchers.compactMap(voucher)
        }
        return account
    }

    static func voucher(_ value: JSONValue) -> Voucher? {
        guard case .object(let object) = value, case .string(let text)? = object["code"],
              let code = try? EAN13(validating: text), let cents = int(object["valueCents"]) else { return nil }
        let createdAt = date(object["createdAt"]) ?? date(object["activeFrom"]) ?? Date(timeIntervalSince1970: 0)
        var status = Voucher.Status.issued
        if case .string(let text)? = object["status"] {
            if text == "redeemed" { status = .redeemed } else if text == "cancelled" { status = .void }
        }
        return Voucher(
            code: code, value: Cents(cents), createdAt: createdAt, activeFrom: date(object["activeFrom"]) ?? createdAt,
            expiresAt: date(object["expiresAt"]), status: status, redeemedAt: date(object["redeemedAt"]))
    }

    static func int(_ value: JSONValue?) -> Int? {
        if case .number(let text)? = value { return Int(text) }
        return nil
    }

    static func date(_ value: JSONValue?) -> Date? {
        guard case .string(let text)? = value else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// `1992-02-29` or `--02-29`.
    static func birthday(_ text: String) -> Birthday? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: true).compactMap { Int($0) }
        if text.hasPrefix("--"), parts.count == 2 { return Birthday(month: parts[0], day: parts[1]) }
        if parts.count == 3 { return Birthday(month: parts[1], day: parts[2], year: parts[0]) }
        return nil
    }
}
