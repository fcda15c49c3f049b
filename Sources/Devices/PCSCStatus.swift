import CPCSCLite

/// A PC/SC return code (`LONG` in `<winscard.h>`), printed by its `SCARD_*` name.
///
/// Every libpcsclite call returns one; `SCARD_S_SUCCESS` is zero. The description is the C
/// name followed by the hexadecimal value, as pcsc-lite's own logs show them:
/// `SCARD_E_NO_SERVICE (0x8010001D)`. An unknown code prints as `unknown PC/SC status (0x…)`.
public struct PCSCStatus: Sendable, Hashable, CustomStringConvertible {
    /// The raw return code as libpcsclite gave it.
    public let rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `SCARD_S_SUCCESS`: no error.
    public static let success = PCSCStatus(rawValue: SCARD_S_SUCCESS)
    /// `SCARD_E_CANCELLED`: `SCardCancel` ended the wait.
    public static let cancelled = PCSCStatus(rawValue: SCARD_E_CANCELLED)
    /// `SCARD_E_TIMEOUT`: the wait's timeout expired.
    public static let timeout = PCSCStatus(rawValue: SCARD_E_TIMEOUT)
    /// `SCARD_E_INVALID_HANDLE`: the context or card handle is no longer known to pcscd.
    public static let invalidHandle = PCSCStatus(rawValue: SCARD_E_INVALID_HANDLE)
    /// `SCARD_E_NO_SERVICE`: pcscd is not running.
    public static let noService = PCSCStatus(rawValue: SCARD_E_NO_SERVICE)
    /// `SCARD_E_SERVICE_STOPPED`: pcscd shut down.
    public static let serviceStopped = PCSCStatus(rawValue: SCARD_E_SERVICE_STOPPED)
    /// `SCARD_F_COMM_ERROR`: the socket to pcscd broke (what a killed pcscd gives a waiting client).
    public static let communicationError = PCSCStatus(rawValue: SCARD_F_COMM_ERROR)
    /// `SCARD_E_NO_READERS_AVAILABLE`: pcscd runs but knows no reader.
    public static let noReadersAvailable = PCSCStatus(rawValue: SCARD_E_NO_READERS_AVAILABLE)
    /// `SCARD_E_UNKNOWN_READER`: the named reader is gone.
    public static let unknownReader = PCSCStatus(rawValue: SCARD_E_UNKNOWN_READER)
    /// `SCARD_E_READER_UNAVAILABLE`: the reader is there but cannot be used now.
    public static let readerUnavailable = PCSCStatus(rawValue: SCARD_E_READER_UNAVAILABLE)
    /// `SCARD_E_NO_SMARTCARD`: no card in the reader.
    public static let noSmartCard = PCSCStatus(rawValue: SCARD_E_NO_SMARTCARD)
    /// `SCARD_W_REMOVED_CARD`: the card left the reader.
    public static let removedCard = PCSCStatus(rawValue: SCARD_W_REMOVED_CARD)
    /// `SCARD_W_UNRESPONSIVE_CARD`: the card does not answer a reset.
    public static let unresponsiveCard = PCSCStatus(rawValue: SCARD_W_UNRESPONSIVE_CARD)
    /// `SCARD_E_NOT_TRANSACTED`: the command could not be exchanged with the card.
    public static let notTransacted = PCSCStatus(rawValue: SCARD_E_NOT_TRANSACTED)
    /// `SCARD_E_INSUFFICIENT_BUFFER`: the answer is longer than the buffer.
    public static let insufficientBuffer = PCSCStatus(rawValue: SCARD_E_INSUFFICIENT_BUFFER)

    /// Whether this code means the connection to pcscd is lost and the context must be
    /// released and established again (`SCARD_E_NO_SERVICE`, `SCARD_E_SERVICE_STOPPED`,
    /// `SCARD_E_INVALID_HANDLE`, `SCARD_F_COMM_ERROR`).
    public var meansServiceLost: Bool {
        self == .noService || self == .serviceStopped || self == .invalidHandle || self == .communicationError
    }

    /// The `SCARD_*` name, or nil for a code `<pcsclite.h>` does not define.
    public var name: String? { Self.names[rawValue] }

    /// The hexadecimal value as pcsc-lite prints it (`0x8010001D`).
    public var hexadecimal: String {
        let digits = String(UInt32(truncatingIfNeeded: rawValue), radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// `SCARD_E_NO_SERVICE (0x8010001D)`.
    public var description: String { "\(name ?? "unknown PC/SC status") (\(hexadecimal))" }

    private static let names: [Int: String] = [
        SCARD_S_SUCCESS: "SCARD_S_SUCCESS",
        SCARD_F_INTERNAL_ERROR: "SCARD_F_INTERNAL_ERROR",
        SCARD_E_CANCELLED: "SCARD_E_CANCELLED",
        SCARD_E_INVALID_HANDLE: "SCARD_E_INVALID_HANDLE",
        SCARD_E_INVALID_PARAMETER: "SCARD_E_INVALID_PARAMETER",
        SCARD_E_INVALID_TARGET: "SCARD_E_INVALID_TARGET",
        SCARD_E_NO_MEMORY: "SCARD_E_NO_MEMORY",
        SCARD_F_WAITED_TOO_LONG: "SCARD_F_WAITED_TOO_LONG",
        SCARD_E_INSUFFICIENT_BUFFER: "SCARD_E_INSUFFICIENT_BUFFER",
        SCARD_E_UNKNOWN_READER: "SCARD_E_UNKNOWN_READER",
        SCARD_E_TIMEOUT: "SCARD_E_TIMEOUT",
        SCARD_E_SHARING_VIOLATION: "SCARD_E_SHARING_VIOLATION",
        SCARD_E_NO_SMARTCARD: "SCARD_E_NO_SMARTCARD",
        SCARD_E_UNKNOWN_CARD: "SCARD_E_UNKNOWN_CARD",
        SCARD_E_CANT_DISPOSE: "SCARD_E_CANT_DISPOSE",
        SCARD_E_PROTO_MISMATCH: "SCARD_E_PROTO_MISMATCH",
        SCARD_E_NOT_READY: "SCARD_E_NOT_READY",
        SCARD_E_INVALID_VALUE: "SCARD_E_INVALID_VALUE",
        SCARD_E_SYSTEM_CANCELLED: "SCARD_E_SYSTEM_CANCELLED",
        SCARD_F_COMM_ERROR: "SCARD_F_COMM_ERROR",
        SCARD_F_UNKNOWN_ERROR: "SCARD_F_UNKNOWN_ERROR",
        SCARD_E_INVALID_ATR: "SCARD_E_INVALID_ATR",
        SCARD_E_NOT_TRANSACTED: "SCARD_E_NOT_TRANSACTED",
        SCARD_E_READER_UNAVAILABLE: "SCARD_E_READER_UNAVAILABLE",
        SCARD_P_SHUTDOWN: "SCARD_P_SHUTDOWN",
        SCARD_E_PCI_TOO_SMALL: "SCARD_E_PCI_TOO_SMALL",
        SCARD_E_READER_UNSUPPORTED: "SCARD_E_READER_UNSUPPORTED",
        SCARD_E_DUPLICATE_READER: "SCARD_E_DUPLICATE_READER",
        SCARD_E_CARD_UNSUPPORTED: "SCARD_E_CARD_UNSUPPORTED",
        SCARD_E_NO_SERVICE: "SCARD_E_NO_SERVICE",
        SCARD_E_SERVICE_STOPPED: "SCARD_E_SERVICE_STOPPED",
        SCARD_E_UNSUPPORTED_FEATURE: "SCARD_E_UNSUPPORTED_FEATURE",
        SCARD_E_ICC_INSTALLATION: "SCARD_E_ICC_INSTALLATION",
        SCARD_E_ICC_CREATEORDER: "SCARD_E_ICC_CREATEORDER",
        SCARD_E_DIR_NOT_FOUND: "SCARD_E_DIR_NOT_FOUND",
        SCARD_E_FILE_NOT_FOUND: "SCARD_E_FILE_NOT_FOUND",
        SCARD_E_NO_DIR: "SCARD_E_NO_DIR",
        SCARD_E_NO_FILE: "SCARD_E_NO_FILE",
        SCARD_E_NO_ACCESS: "SCARD_E_NO_ACCESS",
        SCARD_E_WRITE_TOO_MANY: "SCARD_E_WRITE_TOO_MANY",
        SCARD_E_BAD_SEEK: "SCARD_E_BAD_SEEK",
        SCARD_E_INVALID_CHV: "SCARD_E_INVALID_CHV",
        SCARD_E_UNKNOWN_RES_MNG: "SCARD_E_UNKNOWN_RES_MNG",
        SCARD_E_NO_SUCH_CERTIFICATE: "SCARD_E_NO_SUCH_CERTIFICATE",
        SCARD_E_CERTIFICATE_UNAVAILABLE: "SCARD_E_CERTIFICATE_UNAVAILABLE",
        SCARD_E_NO_READERS_AVAILABLE: "SCARD_E_NO_READERS_AVAILABLE",
        SCARD_E_COMM_DATA_LOST: "SCARD_E_COMM_DATA_LOST",
        SCARD_E_NO_KEY_CONTAINER: "SCARD_E_NO_KEY_CONTAINER",
        SCARD_E_SERVER_TOO_BUSY: "SCARD_E_SERVER_TOO_BUSY",
        SCARD_W_UNSUPPORTED_CARD: "SCARD_W_UNSUPPORTED_CARD",
        SCARD_W_UNRESPONSIVE_CARD: "SCARD_W_UNRESPONSIVE_CARD",
        SCARD_W_UNPOWERED_CARD: "SCARD_W_UNPOWERED_CARD",
        SCARD_W_RESET_CARD: "SCARD_W_RESET_CARD",
        SCARD_W_REMOVED_CARD: "SCARD_W_REMOVED_CARD",
        SCARD_W_SECURITY_VIOLATION: "SCARD_W_SECURITY_VIOLATION",
        SCARD_W_WRONG_CHV: "SCARD_W_WRONG_CHV",
        SCARD_W_CHV_BLOCKED: "SCARD_W_CHV_BLOCKED",
        SCARD_W_EOF: "SCARD_W_EOF",
        SCARD_W_CANCELLED_BY_USER: "SCARD_W_CANCELLED_BY_USER",
        SCARD_W_CARD_NOT_AUTHENTICATED: "SCARD_W_CARD_NOT_AUTHENTICATED",
    ]
}
