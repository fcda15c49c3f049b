/// A print job as the spooler sees it: stored bytes, ready for the wire.
public struct PrintJob: Sendable, Equatable {
    /// The store's id; jobs print in increasing id order.
    public let id: Int64
    /// The whole job, `ESC @` first (see `EscPosJobEncoder`).
    public let bytes: [UInt8]
    /// Failed attempts so far.
    public let attempts: Int
    /// An earlier attempt sent some or all of the bytes without the print being confirmed
    /// (a write error, a fault found after the job, or a crash while writing): part of it may
    /// be on paper already, and the printer may be in the middle of a command.
    public let mayHavePrinted: Bool

    public init(id: Int64, bytes: [UInt8], attempts: Int = 0, mayHavePrinted: Bool = false) {
        self.id = id
        self.bytes = bytes
        self.attempts = attempts
        self.mayHavePrinted = mayHavePrinted
    }
}

/// The durable side of printing: where the spooler takes jobs from and records outcomes.
///
/// Devices does not import Storage; the service adapts Storage's print queue to this
/// protocol. Every method must be durable when it returns (committed to disk), because the
/// spooler's exactly-once promise rests on it:
/// - a job is stored before the spooler sees it, and `markPrinted` happens only after all its
///   bytes went out and the printer (when it answers) reported no fault;
/// - `markAttemptStarted` happens before the first byte, so a crash in the middle of a write
///   leaves a job that says `mayHavePrinted` at the next start.
public protocol PrintJobStore: Sendable {
    /// Jobs not yet printed, oldest first, at most `limit`.
    func pendingPrintJobs(limit: Int) throws -> [PrintJob]
    /// Records, durably, that the bytes of `jobId` are about to be sent.
    func markAttemptStarted(jobId: Int64) throws
    /// Records that `jobId` printed; it is never returned as pending again.
    func markPrinted(jobId: Int64) throws
    /// Records a failed attempt; `bytesSent` says whether any byte of the job went out.
    func recordFailure(jobId: Int64, error: PrinterError, bytesSent: Bool) throws
}

/// What the spooler reports, in order, on its own thread.
public enum PrintSpoolerEvent: Sendable, Equatable {
    /// The job printed (SSE `printed`).
    case printed(jobId: Int64)
    /// An attempt failed; the job is held and retried after `retryInMilliseconds` (SSE `print-failed`).
    case printFailed(jobId: Int64, error: PrinterError, attempt: Int, retryInMilliseconds: Int)
    /// The printer's status changed (first report, or different from the last one).
    case printerStatus(PrinterStatusReport, endpoint: String)
    /// The job store failed; the spooler retries after `retryInMilliseconds`.
    case storeFailed(message: String, retryInMilliseconds: Int)
}

/// The delays between attempts on a held job: doubling from `initial` up to `maximum`. Pure.
public struct PrintRetrySchedule: Sendable, Equatable {
    public var initialMilliseconds: Int
    public var maximumMilliseconds: Int

    public init(initialMilliseconds: Int = 500, maximumMilliseconds: Int = 15_000) {
        self.initialMilliseconds = max(1, initialMilliseconds)
        self.maximumMilliseconds = max(self.initialMilliseconds, maximumMilliseconds)
    }

    /// The wait after the `failures`-th consecutive failure (1 → initial, 2 → 2 × initial, …).
    public func delay(afterFailures failures: Int) -> Int {
        var delay = initialMilliseconds
        var n = 1
        while n < failures && delay < maximumMilliseconds {
            delay *= 2
            n += 1
        }
        return min(delay, maximumMilliseconds)
    }
}
