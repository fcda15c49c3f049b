/// One entry of the array `SCardGetStatusChange` waits on (`SCARD_READERSTATE`).
public struct PCSCReaderState: Sendable, Hashable {
    /// The special reader name whose state changes when a reader is added or removed.
    public static let plugAndPlayNotification = "\\\\?PnP?\\Notification"

    /// The reader's PC/SC name (or `plugAndPlayNotification`).
    public let reader: String
    /// What the caller believes (`dwCurrentState`); the wait returns when pcscd's view differs.
    public var known: PCSCReaderStatus
    /// What pcscd reported (`dwEventState`), filled in by the wait.
    public var observed: PCSCReaderStatus
    /// The card's answer to reset when one is present (`rgbAtr`).
    public var answerToReset: [UInt8]

    public init(reader: String, known: PCSCReaderStatus) {
        self.reader = reader
        self.known = known
        self.observed = .unaware
        self.answerToReset = []
    }
}
