/// The printer's state from its four real-time status bytes (`DLE EOT 1…4`). Pure.
///
/// Bits per the ESC/POS reference (each byte has bits 1 and 4 set, bits 0 and 7 clear):
/// - n=1 printer: bit 3 offline;
/// - n=2 offline cause: bit 2 cover open, bit 3 feed button, bit 5 stopped by paper end, bit 6 error;
/// - n=3 error cause: bit 3 auto-cutter error, bit 5 unrecoverable, bit 6 auto-recoverable;
/// - n=4 paper roll sensor: bits 2–3 near end, bits 5–6 paper end.
public struct PrinterStatus: Sendable, Equatable, CustomStringConvertible {
    public var offline: Bool
    public var coverOpen: Bool
    public var feedButtonPressed: Bool
    public var paperOut: Bool
    public var paperNearEnd: Bool
    public var autocutterError: Bool
    public var unrecoverableError: Bool
    public var recoverableError: Bool

    /// Decodes the answers to `DLE EOT 1`, `2`, `3` and `4`.
    public init(printer: UInt8, offlineCause: UInt8, errorCause: UInt8, paperSensor: UInt8) {
        offline = printer & 0x08 != 0
        coverOpen = offlineCause & 0x04 != 0
        feedButtonPressed = offlineCause & 0x08 != 0
        paperOut = offlineCause & 0x20 != 0 || paperSensor & 0x60 != 0
        paperNearEnd = paperSensor & 0x0C != 0
        autocutterError = errorCause & 0x08 != 0
        unrecoverableError = errorCause & 0x20 != 0
        recoverableError = errorCause & 0x40 != 0 || (offlineCause & 0x40 != 0 && !paperOut && !coverOpen)
    }

    /// The answers of a printer that is online, covered and full of paper.
    public static let ready = PrinterStatus(printer: 0x12, offlineCause: 0x12, errorCause: 0x12, paperSensor: 0x12)

    /// Whether `byte` can be a real-time status answer (bits 1 and 4 set, bits 0 and 7 clear).
    public static func isStatusByte(_ byte: UInt8) -> Bool { byte & 0x93 == 0x12 }

    /// What keeps the printer from printing, most specific cause first; nil when it can print.
    /// Paper near end is not a fault.
    public var fault: PrinterError.Kind? {
        if coverOpen { return .coverOpen }
        if paperOut { return .paperOut }
        if autocutterError || unrecoverableError || recoverableError { return .printerError }
        if offline { return .offline }
        return nil
    }

    public var description: String {
        var parts: [String] = []
        if offline { parts.append("offline") }
        if coverOpen { parts.append("cover open") }
        if paperOut { parts.append("paper out") }
        if paperNearEnd { parts.append("paper near end") }
        if feedButtonPressed { parts.append("feed button") }
        if autocutterError { parts.append("auto-cutter error") }
        if unrecoverableError { parts.append("unrecoverable error") }
        if recoverableError { parts.append("recoverable error") }
        return parts.isEmpty ? "ready" : parts.joined(separator: ", ")
    }
}

/// What a status request found out.
public enum PrinterStatusReport: Sendable, Equatable, CustomStringConvertible {
    /// The printer answered.
    case answered(PrinterStatus)
    /// The printer did not answer within the timeout. This is *not* "offline": many printers
    /// (and every file or unidirectional USB printer) never answer and print fine.
    case notAnswering

    /// The fault the printer reported, if it answered with one.
    public var fault: PrinterError.Kind? {
        if case .answered(let status) = self { return status.fault }
        return nil
    }

    public var description: String {
        switch self {
        case .answered(let status): return status.description
        case .notAnswering: return "not answering status requests"
        }
    }
}
