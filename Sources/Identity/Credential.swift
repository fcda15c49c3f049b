/// What a customer presents to identify: an NFC badge or a loyalty card barcode.
///
/// Two credentials are the same customer credential exactly when they are equal: the same
/// badge UID (whichever reader read it) or the same EAN-13 digits.
public enum Credential: Sendable, Hashable, CustomStringConvertible {
    /// An NFC badge, by its UID (upper-case hex, as PC/SC `FF CA 00 00 00` reads it).
    case badge(CardUID)
    /// A loyalty card: an EAN-13 with the loyalty prefix.
    case card(EAN13)

    /// A stable text key for accounts and logs: `badge:04A1B2C3` or `card:2990000000019`.
    public var key: String {
        switch self {
        case .badge(let uid): return "badge:\(uid.hex)"
        case .card(let code): return "card:\(code.digits)"
        }
    }

    /// Parses `key`'s form back (`badge:04A1B2C3`, `card:2990000000019`); nil when malformed.
    public init?(key: String) {
        if key.hasPrefix("badge:"), let uid = try? CardUID(hex: String(key.dropFirst(6))) {
            self = .badge(uid)
        } else if key.hasPrefix("card:"), let code = try? EAN13(validating: String(key.dropFirst(5))) {
            self = .card(code)
        } else {
            return nil
        }
    }

    /// `"badge"` or `"card"`, as the API and events name the kind.
    public var kind: String {
        switch self {
        case .badge: return "badge"
        case .card: return "card"
        }
    }

    /// The bare value: the UID hex or the EAN-13 digits.
    public var value: String {
        switch self {
        case .badge(let uid): return uid.hex
        case .card(let code): return code.digits
        }
    }

    public var description: String { key }
}
