/// A way of reaching a receipt printer: a serial port, a USB printer-class device, a TCP
/// socket (port 9100) or a file.
///
/// One connection per job: the spooler calls `open()`, then `request`s and `send`s, then
/// `close()`. Implementations are used from one thread at a time (the spooler's); they are
/// `Sendable` so that they can be handed to that thread.
public protocol PrinterTransport: AnyObject, Sendable {
    /// The printer's device path or `tcp://host:port`, for messages.
    var endpoint: String { get }

    /// Opens the connection (and configures the line), closing a previous one first.
    /// - Throws: `PrinterError` `.offline` with the errno when the printer cannot be reached.
    func open() throws

    /// Writes all of `bytes` within `timeoutMilliseconds`.
    /// - Throws: `PrinterError` `.timeout` when the printer stops taking bytes (flow control,
    ///   full buffer) and `.writeFailed` with the errno when the write fails; in both cases
    ///   part of the bytes may have reached the printer.
    func send(_ bytes: [UInt8], timeoutMilliseconds: Int32) throws

    /// Sends `bytes` (a real-time request such as `DLE EOT n`) and waits up to
    /// `timeoutMilliseconds` for one answer byte that satisfies `accept`; other bytes are skipped.
    /// - Returns: the byte, or nil when none came in time (the printer does not answer).
    /// - Throws: `PrinterError` when the connection itself fails.
    func request(_ bytes: [UInt8], timeoutMilliseconds: Int32, accept: (UInt8) -> Bool) throws -> UInt8?

    /// Closes the connection; harmless when not open.
    func close()
}
