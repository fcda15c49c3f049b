import Receipt

/// Asks a printer for its real-time status: `DLE EOT 1`, `2`, `3`, `4`, one byte each.
///
/// Guarantees: a printer that does not answer the first request within the timeout is
/// reported `.notAnswering`, never offline; bytes that cannot be status answers (bits 1 and 4
/// set, 0 and 7 clear) are skipped; a later request left unanswered counts as "no fault" for
/// its bits.
public struct PrinterStatusReader: Sendable {
    /// How long to wait for each answer.
    public let timeoutMilliseconds: Int32

    public init(timeoutMilliseconds: Int32 = 500) { self.timeoutMilliseconds = timeoutMilliseconds }

    /// The printer's status over an open transport.
    /// - Throws: `PrinterError` when the connection fails while asking.
    public func read(from transport: any PrinterTransport) throws -> PrinterStatusReport {
        func ask(_ n: UInt8) throws -> UInt8? {
            try transport.request(EscPosEncoder.statusRequest(n), timeoutMilliseconds: timeoutMilliseconds, accept: PrinterStatus.isStatusByte)
        }
        guard let printer = try ask(1) else { return .notAnswering }
        let offline = try ask(2) ?? 0x12
        let error = try ask(3) ?? 0x12
        let paper = try ask(4) ?? 0x12
        return .answered(PrinterStatus(printer: printer, offlineCause: offline, errorCause: error, paperSensor: paper))
    }
}
