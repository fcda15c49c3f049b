/// Why a print job or a status request did not go through, on which printer.
///
/// Prints as one line naming the printer and, when a system call failed, its errno:
/// `paper out on '/dev/ttyUSB0'`, `offline on 'tcp://10.0.0.5:9100': connect: Connection refused (errno 111)`.
public struct PrinterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, CaseIterable {
        /// The paper roll is empty (`DLE EOT 2` bit 5 or `DLE EOT 4` bits 5–6).
        case paperOut = "paper-out"
        /// The cover is open (`DLE EOT 2` bit 2).
        case coverOpen = "cover-open"
        /// The printer cannot be reached (device missing, connection refused) or says it is offline.
        case offline
        /// The printer reports an error (auto-cutter jam, unrecoverable or recoverable error).
        case printerError = "printer-error"
        /// Writing the job failed (`EIO`, `EPIPE`, `ECONNRESET`…): part of it may have printed.
        case writeFailed = "write-failed"
        /// The printer did not take the bytes in time (flow control held, buffer full).
        case timeout
    }

    public let kind: Kind
    /// The printer's device path or `tcp://host:port`.
    public let device: String
    /// The `errno` of the failed system call, when one failed.
    public let errno: Int32?
    /// What failed, in words (`connect: Connection refused`, `auto-cutter error`).
    public let detail: String?

    public init(_ kind: Kind, device: String, errno: Int32? = nil, detail: String? = nil) {
        self.kind = kind
        self.device = device
        self.errno = errno
        self.detail = detail
    }

    /// The kebab-case code used in `print-failed` events (`paper-out`, `cover-open`, …).
    public var code: String { kind.rawValue }

    public var description: String {
        var text = "\(kind.rawValue.replacingOccurrences(of: "-", with: " ")) on '\(device)'"
        if let detail { text += ": \(detail)" }
        if let errno { text += " (errno \(errno))" }
        return text
    }
}
