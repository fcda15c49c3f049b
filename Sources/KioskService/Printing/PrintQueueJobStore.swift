import Devices
import Storage

/// Storage's durable print queue seen as the spooler's `PrintJobStore`.
///
/// The queue has no "sending" state, so the adapter keeps it in the job's `last_error`, which
/// is durable, visible to technicians, and cleared of meaning once the job prints:
/// - `markAttemptStarted` records `interrupted while sending` before the first byte goes out;
///   if kioskd dies in the middle of the write, the job comes back pending with that text;
/// - a failure after bytes went out is recorded as `partly sent: <error>`;
/// - a job whose last error starts with either is returned with `mayHavePrinted`, and keeps
///   that mark through later failures that sent nothing, until it prints.
/// Consequence: `attempts` counts attempts that started sending plus failed attempts.
public struct PrintQueueJobStore: PrintJobStore {
    /// The queue the jobs live in.
    public let queue: PrintQueue

    public init(queue: PrintQueue) { self.queue = queue }

    /// `last_error` of a job whose bytes were being sent when kioskd stopped.
    public static let interruptedMarker = "interrupted while sending"
    /// Prefix of `last_error` for a failure after some bytes went out.
    public static let partlySentPrefix = "partly sent: "

    public func pendingPrintJobs(limit: Int) throws -> [PrintJob] {
        try queue.pendingJobs(limit: limit).map { record in
            PrintJob(id: record.jobId, bytes: record.bytes, attempts: record.attempts, mayHavePrinted: Self.mayHavePrinted(record.lastError))
        }
    }

    public func markAttemptStarted(jobId: Int64) throws {
        try queue.recordFailure(jobId: jobId, error: Self.interruptedMarker)
    }

    public func markPrinted(jobId: Int64) throws {
        try queue.markPrinted(jobId: jobId)
    }

    public func recordFailure(jobId: Int64, error: PrinterError, bytesSent: Bool) throws {
        let sticky = try bytesSent || Self.mayHavePrinted(queue.job(id: jobId)?.lastError)
        try queue.recordFailure(jobId: jobId, error: (sticky ? Self.partlySentPrefix : "") + error.description)
    }

    static func mayHavePrinted(_ lastError: String?) -> Bool {
        guard let lastError else { return false }
        return lastError == interruptedMarker || lastError.hasPrefix(partlySentPrefix)
    }
}
