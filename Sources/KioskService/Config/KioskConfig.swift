import Foundation
import Devices
import Identity
import Loyalty
import Relay
import StrictJSON

/// The daemon's configuration (`kioskd.json`), decoded strictly.
///
/// Guarantees: every key of the file is known (an unknown key, a wrong type, a missing
/// required value or an out-of-range value is a `JSONDecodeError` naming the key path);
/// decimals are kept exact; the values here are the ones the daemon runs with.
///
/// Sections owned by other modules are decoded by their owners' decoders (`identity` by
/// `IdentityPolicy.decode`, `loyalty` by `LoyaltyProgram.decode`, `scanner` by
/// `ScannerConfiguration.decode`); those not yet wired (`badgeReader`, `printer`, `backend`) are kept as cursors, checked to be
/// objects; a cursor keeps its path, so their errors name full key paths.
public struct KioskConfig: Sendable {
    /// This kiosk's identifier, sent with every sale (`kiosk-1`).
    public var kioskId: String
    /// The store's identifier, sent with every sale (`store-1`).
    public var storeId: String
    /// This kiosk's number in the group (`kioskNumber`, 1…999): the kiosk part of every voucher
    /// code it issues (`VoucherSerialBlock`), so kiosks never issue the same code. Default:
    /// `VoucherSerialBlock.defaultKioskNumber(kioskId:storeId:)`.
    public var kioskNumber: Int
    /// Whether `kioskNumber` was written in the file (false: derived from the ids).
    public var kioskNumberConfigured: Bool
    /// The store's time zone (an IANA name), which decides birthdays and voucher activation days.
    public var timeZone: TimeZone
    /// Where the SQLite state, the API token and (outside systemd) the socket live.
    public var stateDirectory: String
    /// The local API.
    public var api: APIConfig
    /// The evdev barcode scanners and keyboard-wedge readers (`scanner`); nil when absent
    /// (hardware mode then discovers `/dev/kiosk/scanner-*`, simulation mode uses the virtual one).
    public var scanner: ScannerConfiguration?
    /// The PC/SC badge readers (`badgeReader`); nil when absent (hardware mode then watches
    /// every reader, simulation mode uses the virtual one).
    public var badgeReader: BadgeReaderConfiguration?
    /// The receipt printer (`printer`); nil when there is none (simulation mode then prints to
    /// a file in the state directory).
    public var printer: PrinterConfiguration?
    /// The double-scan rules and EAN-13 prefixes (`identity`; defaults when absent).
    public var identity: IdentityPolicy
    /// The loyalty program (`loyalty`); nil when the kiosk runs without loyalty.
    public var loyalty: LoyaltyProgram?
    /// The store backend (`backend`); nil when sales stay on the kiosk (they wait in the
    /// outbox until a backend is configured).
    public var backend: BackendConfiguration?
    /// The store's default language, used when the customer's profile has none.
    public var language: Language
    /// The least severe log level written (`--log-level` overrides it).
    public var logLevel: LogLevel

    /// The top-level keys of `kioskd.json`.
    public static let keys = [
        "kioskId", "storeId", "kioskNumber", "timeZone", "stateDirectory", "api", "scanner", "badgeReader", "printer",
        "identity", "loyalty", "backend", "language", "logLevel",
    ]

    public static let defaultTimeZone = "Europe/Brussels"
    public static let defaultStateDirectory = "./.state"
    public static let defaultLanguage = Language.fr
    public static let defaultLogLevel = LogLevel.info

    /// Decodes a whole configuration document.
    /// - Throws: `JSONDecodeError` at the first offending key.
    public static func decode(_ root: JSONCursor) throws -> KioskConfig {
        let object = try root.object(keys: keys)
        let kioskId = try object.required("kioskId").identifier()
        let storeId = try object.required("storeId").identifier()
        let kioskNumberCursor = object.optional("kioskNumber")
        let kioskNumber = try kioskNumberCursor.map {
            try $0.int(min: VoucherSerialBlock.kioskNumbers.lowerBound, max: VoucherSerialBlock.kioskNumbers.upperBound)
        } ?? VoucherSerialBlock.defaultKioskNumber(kioskId: kioskId, storeId: storeId)
        let timeZone = try object.optional("timeZone").map { try $0.timeZone() } ?? TimeZone(identifier: defaultTimeZone)!
        let stateDirectory = try object.optional("stateDirectory").map { try $0.absoluteOrRelativePath() } ?? defaultStateDirectory
        let api = try object.optional("api").map(APIConfig.decode) ?? .defaults
        let language = try object.optional("language").map(Language.decode) ?? defaultLanguage
        let identity = try object.optional("identity").map(IdentityPolicy.decode) ?? IdentityPolicy()
        let loyalty = try object.optional("loyalty").map(LoyaltyProgram.decode)
        if let loyalty, let cursor = object.optional("loyalty") {
            try checkPrefixes(loyalty, identity: identity, loyaltyCursor: cursor)
            try checkVoucherCodeSpace(loyalty, kioskNumber: kioskNumber, loyaltyCursor: cursor)
        }
        let logLevel = try object.optional("logLevel").map { LogLevel(name: try $0.oneOf(LogLevel.names))! } ?? defaultLogLevel
        return KioskConfig(
            kioskId: kioskId, storeId: storeId, kioskNumber: kioskNumber, kioskNumberConfigured: kioskNumberCursor != nil,
            timeZone: timeZone, stateDirectory: stateDirectory, api: api,
            scanner: try object.optional("scanner").map(ScannerConfiguration.decode), badgeReader: try object.optional("badgeReader").map(BadgeReaderConfiguration.decode),
            printer: try object.optional("printer").map { try PrinterConfiguration(decoding: $0) },
            identity: identity, loyalty: loyalty, backend: try object.optional("backend").map(BackendConfiguration.decode),
            language: language, logLevel: logLevel
        )
    }

    /// The card and voucher prefixes must agree between `identity` (which routes scans) and
    /// `loyalty` (which makes cards and voucher codes).
    /// - Throws: `JSONDecodeError` at the loyalty key that disagrees.
    static func checkPrefixes(_ loyalty: LoyaltyProgram, identity: IdentityPolicy, loyaltyCursor: JSONCursor) throws {
        if loyalty.cardPrefix != identity.loyaltyPrefix {
            throw JSONDecodeError(
                path: loyaltyCursor.path.appending(key: "cardPrefix"),
                message: "card prefix \"\(loyalty.cardPrefix)\" differs from identity.loyaltyPrefix \"\(identity.loyaltyPrefix)\"")
        }
        if loyalty.vouchers.prefix != identity.voucherPrefix {
            throw JSONDecodeError(
                path: loyaltyCursor.path.appending(key: "vouchers").appending(key: "prefix"),
                message: "voucher prefix \"\(loyalty.vouchers.prefix)\" differs from identity.voucherPrefix \"\(identity.voucherPrefix)\"")
        }
    }

    /// The voucher prefix must leave room for the kiosk number and a counter in the code.
    /// - Throws: `JSONDecodeError` at `loyalty.vouchers.prefix` when it is too long.
    static func checkVoucherCodeSpace(_ loyalty: LoyaltyProgram, kioskNumber: Int, loyaltyCursor: JSONCursor) throws {
        guard VoucherSerialBlock(kioskNumber: kioskNumber, prefix: loyalty.vouchers.prefix) == nil else { return }
        throw JSONDecodeError(
            path: loyaltyCursor.path.appending(key: "vouchers").appending(key: "prefix"),
            message: "voucher prefix \"\(loyalty.vouchers.prefix)\" is longer than \(VoucherSerialBlock.maximumPrefixLength) digits: "
                + "no room for the \(VoucherSerialBlock.kioskNumberDigits)-digit kiosk number and "
                + "\(VoucherSerialBlock.minimumCounterDigits) counter digits in a 13-digit code")
    }

    /// The voucher code space of this kiosk.
    public var voucherSerialBlock: VoucherSerialBlock? {
        loyalty.flatMap { VoucherSerialBlock(kioskNumber: kioskNumber, prefix: $0.vouchers.prefix) }
    }

    /// The configuration used when `kioskd` runs without `--config`: state in `./.state/`,
    /// the API on `127.0.0.1:8765`, French, the store in Brussels, and the points program of
    /// the product documents (1 point per euro, Bronze/Silver/Gold, -5 € at 500 points).
    public static func embeddedDefaults() -> KioskConfig {
        // The embedded text goes through the same strict decoder as a file.
        try! decode(JSONCursor.parse(Array(embeddedDefaultsJSON.utf8)))
    }

    /// The JSON text of the embedded defaults (also a starting point for a real `kioskd.json`).
    public static let embeddedDefaultsJSON = """
        {
          "kioskId": "kiosk-1",
          "storeId": "store-1",
          "timeZone": "Europe/Brussels",
          "stateDirectory": "./.state",
          "api": { "listen": "127.0.0.1:8765" },
          "loyalty": {
            "mode": "points",
            "pointsPerEuro": 1,
            "tiers": [
              { "id": "bronze", "name": { "fr": "Bronze", "nl": "Brons", "en": "Bronze" }, "threshold": 0 },
              { "id": "silver", "name": { "fr": "Argent", "nl": "Zilver", "en": "Silver" }, "threshold": 500 },
              { "id": "gold", "name": { "fr": "Or", "nl": "Goud", "en": "Gold" }, "threshold": 1500, "multiplier": 2 }
            ],
            "birthday": { "multiplier": 2 },
            "rewards": [
              { "id": "five-euros", "kind": "amountOff", "amountCents": 500, "cost": 500 }
            ]
          },
          "language": "fr",
          "logLevel": "info"
        }
        """
}

extension JSONCursor {
    /// The keys of an object value (empty for anything else).
    var objectKeys: [String] {
        if case .object(let object) = value { return object.keys }
        return []
    }

    /// The value as an identifier: 1 to 64 letters, digits, `.`, `_` or `-`.
    func identifier() throws -> String {
        let expected = "an identifier of 1 to 64 letters, digits, '.', '_' or '-'"
        guard case .string(let text) = value, (1...64).contains(text.count),
              text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw mismatch(expected)
        }
        return text
    }

    /// The value as an IANA time zone name (`Europe/Brussels`, `UTC`).
    func timeZone() throws -> TimeZone {
        let expected = "an IANA time zone name such as \"Europe/Brussels\""
        guard case .string(let name) = value, name == "UTC" || name.contains("/"),
              let zone = TimeZone(identifier: name) else { throw mismatch(expected) }
        return zone
    }
}
