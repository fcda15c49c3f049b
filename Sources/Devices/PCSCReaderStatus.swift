import CPCSCLite

/// A reader's state word as `SCardGetStatusChange` uses it (`dwCurrentState`/`dwEventState`).
///
/// The low 16 bits are `SCARD_STATE_*` flags; the high 16 bits count the insertions and
/// removals pcscd has seen on the reader, so a card taken off and put back between two waits
/// still shows as a change.
public struct PCSCReaderStatus: Sendable, Hashable, CustomStringConvertible {
    /// The 32-bit word exactly as exchanged with libpcsclite.
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `SCARD_STATE_UNAWARE` (zero): "tell me the current state", which makes the wait return at once.
    public static let unaware = PCSCReaderStatus(rawValue: 0)

    /// The `SCARD_STATE_*` flags (low 16 bits).
    public var flags: Flags { Flags(rawValue: rawValue & 0xFFFF) }

    /// The insertion/removal counter (high 16 bits).
    public var eventCount: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 16) }

    /// The same word without `SCARD_STATE_CHANGED`, fit to be passed back as `dwCurrentState`.
    public var acknowledged: PCSCReaderStatus { PCSCReaderStatus(rawValue: rawValue & ~Flags.changed.rawValue) }

    public var description: String { "\(flags) events=\(eventCount)" }

    /// The `SCARD_STATE_*` bits.
    public struct Flags: OptionSet, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// `SCARD_STATE_IGNORE`
        public static let ignore = Flags(rawValue: UInt32(SCARD_STATE_IGNORE))
        /// `SCARD_STATE_CHANGED`: differs from the state the caller passed in.
        public static let changed = Flags(rawValue: UInt32(SCARD_STATE_CHANGED))
        /// `SCARD_STATE_UNKNOWN`: pcscd does not know this reader (any more).
        public static let unknown = Flags(rawValue: UInt32(SCARD_STATE_UNKNOWN))
        /// `SCARD_STATE_UNAVAILABLE`: the reader's state cannot be read.
        public static let unavailable = Flags(rawValue: UInt32(SCARD_STATE_UNAVAILABLE))
        /// `SCARD_STATE_EMPTY`: no card.
        public static let empty = Flags(rawValue: UInt32(SCARD_STATE_EMPTY))
        /// `SCARD_STATE_PRESENT`: a card is in the field.
        public static let present = Flags(rawValue: UInt32(SCARD_STATE_PRESENT))
        /// `SCARD_STATE_EXCLUSIVE`: another application holds the card exclusively.
        public static let exclusive = Flags(rawValue: UInt32(SCARD_STATE_EXCLUSIVE))
        /// `SCARD_STATE_INUSE`: the card is connected in shared mode.
        public static let inUse = Flags(rawValue: UInt32(SCARD_STATE_INUSE))
        /// `SCARD_STATE_MUTE`: a card is there but did not answer the reset.
        public static let mute = Flags(rawValue: UInt32(SCARD_STATE_MUTE))

        private static let named: [(Flags, String)] = [
            (.ignore, "IGNORE"), (.changed, "CHANGED"), (.unknown, "UNKNOWN"), (.unavailable, "UNAVAILABLE"),
            (.empty, "EMPTY"), (.present, "PRESENT"), (.exclusive, "EXCLUSIVE"), (.inUse, "INUSE"), (.mute, "MUTE"),
        ]

        /// `PRESENT|INUSE`, or `UNAWARE` for no flag.
        public var description: String {
            let names = Self.named.filter { contains($0.0) }.map(\.1)
            return names.isEmpty ? "UNAWARE" : names.joined(separator: "|")
        }
    }
}
