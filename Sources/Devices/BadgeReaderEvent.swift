import Identity

/// What the badge reader tells the service, in the order it happened.
///
/// Guarantees, per reader name:
/// - `readerAppeared` comes before any card event of that reader, and `readerDisappeared`
///   after its last one;
/// - every card the reader reported (`cardInserted` or `cardUnreadable`) is followed by exactly
///   one `cardRemoved` before the next card event or `readerDisappeared`. When pcscd is lost
///   with a card on the reader, `cardRemoved` then `readerDisappeared` are reported, and a card
///   still there when the reader comes back is reported again as inserted.
public enum BadgeReaderEvent: Sendable, Hashable, CustomStringConvertible {
    /// pcscd answered: a context is established (at start and after each recovery).
    case serviceAvailable
    /// A reader matching the configuration is listed by pcscd (at start, plugged in, or back
    /// after a pcscd restart).
    case readerAppeared(String)
    /// The reader is no longer listed (unplugged, or pcscd lost).
    case readerDisappeared(String)
    /// A card was put on the reader and answered `FF CA 00 00 00` with this UID
    /// (`Credential.badge(uid)` for `Identity`).
    case cardInserted(reader: String, uid: CardUID)
    /// A card was put on the reader but gave no usable UID; the reason is for the log.
    case cardUnreadable(reader: String, error: BadgeReadError)
    /// The card reported on this reader was taken away.
    case cardRemoved(reader: String)
    /// pcscd cannot be used; the reader tries again after `retryIn` by itself.
    case unavailable(PCSCError, retryIn: Duration)

    /// One log line: `card 04A1B2C3 on 'ACS ACR122U 00 00'`.
    public var description: String {
        switch self {
        case .serviceAvailable: return "PC/SC service available"
        case .readerAppeared(let reader): return "reader '\(reader)' appeared"
        case .readerDisappeared(let reader): return "reader '\(reader)' disappeared"
        case .cardInserted(let reader, let uid): return "card \(uid) on '\(reader)'"
        case .cardUnreadable(let reader, let error): return "unreadable card on '\(reader)': \(error)"
        case .cardRemoved(let reader): return "card removed from '\(reader)'"
        case .unavailable(let error, let delay): return "PC/SC unavailable (\(error)), retrying in \(Self.format(delay))"
        }
    }

    static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}
