import Identity

/// The PC/SC "Get Data: UID" command (`FF CA 00 00 00`, PC/SC part 3, §3.2.2.1.3) and the
/// reading of its answer.
///
/// Contactless readers (CCID via libccid, ACR122U…) answer it themselves, for any ISO 14443
/// A/B, ISO 15693 or FeliCa card, with `UID + 90 00`. The UID keeps the byte order of the
/// answer: the `CardUID` that `Identity` uses for `badge(uid)` (upper-case hex when printed).
public enum BadgeUIDCommand {
    /// `FF CA 00 00 00`: CLA FF, INS CA (get data), P1 00 (UID), P2 00, Le 00 (all bytes).
    public static let apdu: [UInt8] = [0xFF, 0xCA, 0x00, 0x00, 0x00]

    /// UIDs shorter than this are refused: ISO 14443 single-size UIDs and PUPIs are 4 bytes.
    public static let minimumUIDLength = 4
    /// UIDs longer than this are refused: triple-size ISO 14443 UIDs are 10 bytes (ISO 15693 and
    /// FeliCa IDm are 8).
    public static let maximumUIDLength = 10

    /// The UID in the answer `response` (`04 A1 B2 C3 90 00` → `04A1B2C3`).
    /// - Throws: `BadgeReadError` for an answer under 2 bytes, a status word other than `90 00`,
    ///   or a UID outside `minimumUIDLength...maximumUIDLength` bytes.
    public static func uid(fromResponse response: [UInt8]) throws(BadgeReadError) -> CardUID {
        guard response.count >= 2 else { throw .responseTooShort(response) }
        let sw1 = response[response.count - 2], sw2 = response[response.count - 1]
        guard sw1 == 0x90, sw2 == 0x00 else { throw .statusWord(sw1, sw2) }
        let uid = response.dropLast(2)
        guard (minimumUIDLength...maximumUIDLength).contains(uid.count),
              let cardUID = try? CardUID(bytes: Array(uid))
        else { throw .implausibleUIDLength(uid.count) }
        return cardUID
    }

    /// Upper-case hex of `bytes` without separators.
    static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let digits = Array("0123456789ABCDEF".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
