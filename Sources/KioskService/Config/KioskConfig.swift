import Foundation
import Identity
import StrictJSON

/// The daemon's configuration (`kioskd.json`), decoded strictly.
///
/// Guarantees: every key of the file is known (an unknown key, a wrong type, a missing
/// required value or an out-of-range value is a `JSONDecodeError` naming the key path);
/// decimals are kept exact; the values here are the ones the daemon runs with.
///
/// Sections owned by other modules are decoded by their owners' decoders (`identity` by
/// `IdentityPolicy.decode`); those not yet wired (`scanner`, `badgeReader`, `printer`,
/// `loyalty`, `backend`) are kept as cursors, checked to be objects; a cursor keeps its
/// path, so their errors name full key paths.
public struct KioskConfig: Sendable {
    /// This kiosk's identifier, sent with every sale (`kiosk-1`).
    public var kioskId: String
    /// The store's identifier, sent with every sale (`store-1`).
    public var storeId: String
    /// The store's time zone (an IANA name), which decides birthdays and voucher activation days.
    public var timeZone: TimeZone
    /// Where the SQLite state, the API token and (outside systemd) the socket live.
    public var stateDirectory: String
    /// The local API.
    public var api: APIConfig
    /// The evdev barcode scanner section, as written.
    public var scanner: JSONCursor?
    /// The PC/SC badge reader section, as written.
    public var badgeReader: JSONCursor?
    /// The receipt printer section, as written.
    public var printer: JSONCursor?
    /// The double-scan rules and EAN-13 prefixes (`identity`; defaults when absent).
    public var identity: IdentityPolicy
    /// The loyalty program section, as written.
    public var loyalty: JSONCursor?
    /// The store backend section, as written.
    public var backend: JSONCursor?
    /// The store's default language, used when the customer's profile has none.
    public var language: DisplayLanguage
    /// The least severe log level written (`--log-level` overrides it).
    public var logLevel: LogLevel

    /// The top-level keys of `kioskd.json`.
    public static let keys = [
        "kioskId", "storeId", "timeZone", "stateDirectory", "api", "scanner", "badgeReader", "printer",
        "identity", "loyalty", "backend", "language", "logLevel",
    ]

    public static let defaultTimeZone = "Europe/Brussels"
    public static let defaultStateDirectory = "./.state"
    public static let defaultLanguage = DisplayLanguage.fr
    public static let defaultLogLevel = LogLevel.info

    /// Decodes a whole configuration document.
    /// - Throws: `JSONDecodeError` at the first offending key.
    public static func decode(_ root: JSONCursor) throws -> KioskConfig {
        let object = try root.object(keys: keys)
        let kioskId = try object.required("kioskId").identifier()
        let storeId = try object.required("storeId").identifier()
        let timeZone = try object.optional("timeZone").map { try $0.timeZone() } ?? TimeZone(identifier: defaultTimeZone)!
        let stateDirectory = try object.optional("stateDirectory").map { try $0.absoluteOrRelativePath() } ?? defaultStateDirectory
        let api = try object.optional("api").map(APIConfig.decode) ?? .defaults
        func section(_ key: String) throws -> JSONCursor? {
            guard let cursor = object.optional(key) else { return nil }
            _ = try cursor.object(keys: cursor.objectKeys)
            return cursor
        }
        let language = try object.optional("language").map(DisplayLanguage.decode) ?? defaultLanguage
        let logLevel = try object.optional("logLevel").map { LogLevel(name: try $0.oneOf(LogLevel.names))! } ?? defaultLogLevel
        return KioskConfig(
            kioskId: kioskId, storeId: storeId, timeZone: timeZone, stateDirectory: stateDirectory, api: api,
            scanner: try section("scanner"), badgeReader: try section("badgeReader"), printer: try section("printer"),
            identity: try object.optional("identity").map(IdentityPolicy.decode) ?? IdentityPolicy(), loyalty: try section("loyalty"), backend: try section("backend"),
            language: language, logLevel: logLevel
        )
    }

    /// The configuration used when `kioskd` runs without `--config`: state in `./.state/`,
    /// the API on `127.0.0.1:8765`, French, the store in Brussels.
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
