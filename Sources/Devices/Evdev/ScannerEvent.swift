import Identity
import LinuxIO

/// What the evdev scanner reports to the service, in order, through `EvdevScanner.events`.
public enum ScannerEvent: Sendable, CustomStringConvertible {
    /// A device was opened (at start, after being plugged back, or a replay file replaced).
    case deviceAppeared(ScannerDeviceInfo)
    /// An open device went away; the scanner keeps trying to reopen it (unless discovered
    /// and its link is gone, or stopped).
    case deviceDisappeared(path: String, reason: ScannerDisappearance)
    /// A device could not be opened; reported once per distinct error, retried after `retryInMs`.
    case deviceError(path: String, error: SystemError, retryInMs: Int)
    /// A barcode scanner read a code.
    case scan(BarcodeRead)
    /// A keyboard-wedge reader typed a badge UID.
    case badge(WedgeBadgeRead)
    /// Input was thrown away (for the log; nothing reaches an order).
    case discarded(path: String, reason: ScannerDiscard)

    public var description: String {
        switch self {
        case .deviceAppeared(let info): return "scanner \(info)"
        case .deviceDisappeared(let path, let reason): return "scanner '\(path)' disappeared: \(reason)"
        case .deviceError(let path, let error, let retry): return "scanner '\(path)': \(error), retrying in \(retry) ms"
        case .scan(let read): return "scan on '\(read.device)': \(read.classification)"
        case .badge(let read): return "badge \(read.uid) on wedge reader '\(read.device)'"
        case .discarded(let path, let reason): return "scanner '\(path)': discarded \(reason)"
        }
    }
}

/// An opened scanner device.
public struct ScannerDeviceInfo: Sendable, CustomStringConvertible {
    /// The path it was opened by (configured, or a discovered `/dev/kiosk/scanner-*` link).
    public let path: String
    /// Character device, FIFO or regular file.
    public let kind: FileNode.Kind
    /// Barcode scanner or keyboard-wedge badge reader.
    public let role: ScannerConfiguration.Device.Role
    /// The layout its keys are decoded with.
    public let keymap: String
    /// `EVIOCGNAME`, when the device is an evdev node.
    public let name: String?
    /// `vendor:product` from `EVIOCGID`, when the device is an evdev node.
    public let usbID: String?
    /// Whether `EVIOCGRAB` holds it exclusively (false for FIFOs and files, where it is skipped).
    public let grabbed: Bool
    /// Why the grab failed on an evdev node (`EBUSY`: another process holds it), if it did.
    public let grabError: SystemError?

    public var description: String {
        var text = "'\(path)' (\(kind.rawValue), \(role.rawValue), keymap \(keymap)"
        if let name { text += ", \"\(name)\"" }
        if let usbID { text += ", \(usbID)" }
        text += grabbed ? ", grabbed" : ""
        if let grabError { text += ", not grabbed: \(grabError)" }
        return text + ")"
    }
}

/// Why an open device stopped delivering.
public enum ScannerDisappearance: Sendable, Equatable, CustomStringConvertible {
    /// A read or poll failed (`ENODEV`: unplugged).
    case unplugged(SystemError?)
    /// The FIFO was removed.
    case removed
    /// A replay file was read to its end; it is reopened when replaced or rewritten.
    case endOfFile
    /// The scanner was stopped.
    case stopped

    public var description: String {
        switch self {
        case .unplugged(let error?): return "unplugged (\(error))"
        case .unplugged(nil): return "unplugged"
        case .removed: return "removed"
        case .endOfFile: return "end of replay file"
        case .stopped: return "stopped"
        }
    }
}

/// Input thrown away, and why.
public enum ScannerDiscard: Sendable, Equatable, CustomStringConvertible {
    /// Keys the assembler discarded (kernel overrun, too long, too short, human speed).
    case keys(BarcodeAssembler.DiscardReason, characters: Int)
    /// A wedge reader typed something that is not a UID in its configured format.
    case unreadableBadge(text: String, problem: CardUID.Problem)
    /// The writer of a FIFO or file stopped in the middle of a record.
    case partialRecord(bytes: Int)
    /// Bytes that were not plausible `input_event` records, skipped to find records again.
    case garbage(bytes: Int)

    public var description: String {
        switch self {
        case .keys(let reason, let characters): return "\(characters) characters (\(reason))"
        case .unreadableBadge(let text, let problem): return "badge text \"\(text)\": \(problem)"
        case .partialRecord(let bytes): return "\(bytes) bytes of an incomplete input_event record"
        case .garbage(let bytes): return "\(bytes) bytes that are not input_event records"
        }
    }
}

/// A code read by a barcode scanner.
public struct BarcodeRead: Sendable, CustomStringConvertible {
    /// The device path.
    public let device: String
    /// The decoded text.
    public let text: String
    /// Loyalty card, voucher, other, or invalid with the reason.
    public let classification: ScanClassification
    /// What ended the scan.
    public let terminator: BarcodeAssembler.Terminator
    /// When the scanner thread finished the scan (`CLOCK_MONOTONIC`), for the identity rules.
    public let at: MonotonicInstant
    /// Milliseconds between the first and the last key of the scan (kernel timestamps).
    public let typingMs: Int64

    /// False when the code is invalid (bad check digit, undecodable keys…).
    public var isValid: Bool { classification.isValid }

    public var description: String { "\(text) (\(classification))" }
}

/// A badge UID typed by a keyboard-wedge NFC reader, normalised to the PC/SC identity.
public struct WedgeBadgeRead: Sendable, CustomStringConvertible {
    /// The device path.
    public let device: String
    /// The card UID (the same as PC/SC `FF CA` gives).
    public let uid: CardUID
    /// What the reader typed.
    public let text: String
    /// When the scanner thread decoded it (`CLOCK_MONOTONIC`).
    public let at: MonotonicInstant

    public var description: String { "\(uid) (typed \"\(text)\")" }
}
