/// Why a card put on a reader gave no UID.
///
/// Carried by `BadgeReaderEvent.cardUnreadable`; the card stays tracked, so its removal is
/// still reported. Prints as one log line (`answer to FF CA 00 00 00 ended with 6A 81`).
public enum BadgeReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// pcscd marked the card mute (`SCARD_STATE_MUTE`): it did not answer the reset.
    case unresponsiveCard
    /// `SCardConnect` or `SCardTransmit` failed (card taken away too soon, no answer…).
    case exchangeFailed(PCSCError)
    /// The answer had fewer than the two status bytes.
    case responseTooShort([UInt8])
    /// The answer's status word was not `90 00` (e.g. `6A 81`: function not supported).
    case statusWord(UInt8, UInt8)
    /// The UID had fewer than `BadgeUIDCommand.minimumUIDLength` or more than
    /// `BadgeUIDCommand.maximumUIDLength` bytes.
    case implausibleUIDLength(Int)

    public var description: String {
        switch self {
        case .unresponsiveCard:
            return "card does not answer the reset (SCARD_STATE_MUTE)"
        case .exchangeFailed(let error):
            return "\(error)"
        case .responseTooShort(let bytes):
            let shown = bytes.isEmpty ? "nothing" : BadgeUIDCommand.hex(bytes)
            return "answer to FF CA 00 00 00 too short: \(shown)"
        case .statusWord(let sw1, let sw2):
            return "answer to FF CA 00 00 00 ended with \(BadgeUIDCommand.hex([sw1])) \(BadgeUIDCommand.hex([sw2])), not 90 00"
        case .implausibleUIDLength(let count):
            return "answer to FF CA 00 00 00 carries a \(count)-byte UID, expected "
                + "\(BadgeUIDCommand.minimumUIDLength) to \(BadgeUIDCommand.maximumUIDLength)"
        }
    }
}
