import Dispatch
import Foundation
import LinuxIO
import Receipt
import Synchronization

/// Prints durable jobs one at a time, in order, each exactly once, holding them while the
/// printer cannot print.
///
/// Guarantees:
/// - jobs print in the store's order; a held job holds the ones behind it (same printer);
/// - a job is marked printed only after all its bytes went out and, on a printer that answers
///   `DLE EOT`, the status after the job shows no fault; a printer that does not answer is
///   "not answering", never offline, and its jobs print;
/// - paper out, cover open, offline, printer error, write error or timeout: the job stays
///   pending, `printFailed` is reported, and it is retried after the `PrintRetrySchedule`
///   delay (or at once when `wake()` is called) until the printer takes it;
/// - a job that may have printed partly before (write error, fault after the job, crash while
///   writing) is sent again whole, preceded by NULs that complete any cut-off command and a
///   reprint notice: a receipt is printed twice rather than lost;
/// - the loop waits on an eventfd (`wake()`, `stop()`) or a back-off timeout: no polling while idle.
///
/// Runs on its own thread: `start()`, `wake()` after enqueuing, `stop()` at shutdown.
public final class PrintSpooler: Sendable {
    /// Tuning of the spooler.
    public struct Configuration: Sendable {
        public var retry: PrintRetrySchedule
        public var statusTimeoutMilliseconds: Int32
        public var writeTimeoutMilliseconds: Int32
        /// Bytes printed before a job that may be partly on paper already; nil: the default
        /// bold, centered `** REPRINT / HERDRUK / RÉIMPRESSION **`.
        public var reprintNotice: [UInt8]?
        /// Jobs fetched from the store at a time.
        public var batchSize: Int

        public init(
            retry: PrintRetrySchedule = PrintRetrySchedule(), statusTimeoutMilliseconds: Int32 = 500,
            writeTimeoutMilliseconds: Int32 = 10_000, reprintNotice: [UInt8]? = nil, batchSize: Int = 16
        ) {
            self.retry = retry
            self.statusTimeoutMilliseconds = statusTimeoutMilliseconds
            self.writeTimeoutMilliseconds = writeTimeoutMilliseconds
            self.reprintNotice = reprintNotice
            self.batchSize = max(1, batchSize)
        }
    }

    private struct State {
        var started = false
        var stopping = false
    }

    private let store: any PrintJobStore
    private let transport: any PrinterTransport
    private let profile: PrinterProfile
    private let configuration: Configuration
    private let onEvent: @Sendable (PrintSpoolerEvent) -> Void
    private let wakeUp: EventFD
    private let state = Mutex(State())
    private let finished = DispatchSemaphore(value: 0)

    /// A spooler printing the jobs of `store` on `transport`, a printer described by `profile`.
    /// `onEvent` is called on the spooler's thread; it must not block.
    /// - Throws: `SystemError` when the eventfd cannot be created.
    public init(
        store: any PrintJobStore, transport: any PrinterTransport, profile: PrinterProfile,
        configuration: Configuration = Configuration(), onEvent: @escaping @Sendable (PrintSpoolerEvent) -> Void
    ) throws {
        self.store = store
        self.transport = transport
        self.profile = profile
        self.configuration = configuration
        self.onEvent = onEvent
        self.wakeUp = try EventFD()
    }

    /// A spooler for a configured printer (its transport, profile and timeouts).
    public convenience init(
        store: any PrintJobStore, printer: PrinterConfiguration, retry: PrintRetrySchedule = PrintRetrySchedule(),
        onEvent: @escaping @Sendable (PrintSpoolerEvent) -> Void
    ) throws {
        try self.init(
            store: store, transport: printer.makeTransport(), profile: printer.profile,
            configuration: Configuration(
                retry: retry, statusTimeoutMilliseconds: printer.statusTimeoutMilliseconds,
                writeTimeoutMilliseconds: printer.writeTimeoutMilliseconds),
            onEvent: onEvent)
    }

    /// Starts the printing thread (once); pending jobs from before a restart print first.
    public func start() {
        let shouldStart = state.withLock { state -> Bool in
            guard !state.started else { return false }
            state.started = true
            return true
        }
        guard shouldStart else { return }
        let thread = Thread { [self] in
            self.loop()
            self.finished.signal()
        }
        thread.name = "print-spooler"
        thread.start()
    }

    /// Tells the spooler that a job was queued (or that the printer may be back): it looks at
    /// the store at once, cutting a back-off wait short.
    public func wake() { wakeUp.signal() }

    /// Stops the thread after the current attempt (bounded by the timeouts) and waits for it.
    public func stop() {
        let wasRunning = state.withLock { state -> Bool in
            let running = state.started && !state.stopping
            state.stopping = true
            return running
        }
        wakeUp.signal()
        if wasRunning { finished.wait() }
    }

    private var isStopping: Bool { state.withLock { $0.stopping } }

    /// Waits for `wake()`/`stop()` or `milliseconds` (-1: no timeout).
    private func wait(milliseconds: Int) {
        guard !isStopping else { return }
        _ = try? Poll.wait([(wakeUp.descriptor, .readable)], timeoutMilliseconds: Int32(clamping: milliseconds))
        wakeUp.drain()
    }

    private func loop() {
        let attempt = PrintJobAttempt(
            transport: transport, profile: profile,
            statusReader: PrinterStatusReader(timeoutMilliseconds: configuration.statusTimeoutMilliseconds),
            writeTimeoutMilliseconds: configuration.writeTimeoutMilliseconds,
            reprintNotice: configuration.reprintNotice ?? PrintJobAttempt.defaultNotice(profile: profile))
        var failures = 0
        var storeFailures = 0
        var lastStatus: PrinterStatusReport? = nil
        var printedButUnrecorded: Set<Int64> = []
        let report: (PrinterStatusReport) -> Void = { [onEvent, transport] status in
            if status != lastStatus {
                lastStatus = status
                onEvent(.printerStatus(status, endpoint: transport.endpoint))
            }
        }

        while !isStopping {
            let jobs: [PrintJob]
            do {
                jobs = try store.pendingPrintJobs(limit: configuration.batchSize)
                storeFailures = 0
            } catch {
                storeFailures += 1
                let delay = configuration.retry.delay(afterFailures: storeFailures)
                onEvent(.storeFailed(message: "\(error)", retryInMilliseconds: delay))
                wait(milliseconds: delay)
                continue
            }
            if jobs.isEmpty {
                wait(milliseconds: -1)
                continue
            }
            for job in jobs {
                if isStopping { break }
                if printedButUnrecorded.contains(job.id) {
                    // Printed, but the store could not record it: record it, never print it again.
                    if (try? store.markPrinted(jobId: job.id)) != nil { printedButUnrecorded.remove(job.id) }
                    continue
                }
                let outcome = attempt.run(job, report: report, willSend: { try store.markAttemptStarted(jobId: job.id) })
                switch outcome {
                case .printed:
                    failures = 0
                    do {
                        try store.markPrinted(jobId: job.id)
                    } catch {
                        printedButUnrecorded.insert(job.id)
                        onEvent(.storeFailed(message: "\(error)", retryInMilliseconds: 0))
                    }
                    onEvent(.printed(jobId: job.id))
                case .failed(let error, let bytesSent):
                    failures += 1
                    do {
                        try store.recordFailure(jobId: job.id, error: error, bytesSent: bytesSent)
                    } catch {
                        onEvent(.storeFailed(message: "\(error)", retryInMilliseconds: 0))
                    }
                    let delay = configuration.retry.delay(afterFailures: failures)
                    onEvent(.printFailed(jobId: job.id, error: error, attempt: failures, retryInMilliseconds: delay))
                    wait(milliseconds: delay)
                }
                if case .failed = outcome { break }
            }
            if !printedButUnrecorded.isEmpty && jobs.allSatisfy({ printedButUnrecorded.contains($0.id) }) {
                // Only jobs the store failed to record are left: wait before trying the store again.
                storeFailures += 1
                wait(milliseconds: configuration.retry.delay(afterFailures: storeFailures))
            }
        }
    }
}
