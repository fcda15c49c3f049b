import Foundation

/// NFC badge readers through PC/SC: reports readers and cards as `BadgeReaderEvent`s, with
/// the UID each card gives to `FF CA 00 00 00`.
///
/// All libpcsclite calls run on one dedicated thread (never on Swift's cooperative pool), which
/// sleeps in `SCardGetStatusChange` with an infinite timeout: an idle reader costs no CPU.
/// Readers plugged in later are seen through the `\\?PnP?\Notification` pseudo-reader. When
/// pcscd stops, the thread reports `unavailable` and reconnects by itself on the configured
/// back-off schedule; the readers then appear again without restarting anything.
///
/// ```swift
/// let reader = try BadgeReader(configuration: config.badgeReader)
/// reader.start()
/// for await event in reader.events { … }   // ends after stop()
/// await reader.stop()
/// ```
public final class BadgeReader: Sendable {
    /// The events, in order, for one consumer. Finishes when the thread has stopped. Holds at most
    /// `eventBufferLimit` undelivered events, dropping the oldest beyond that.
    public let events: AsyncStream<BadgeReaderEvent>
    /// Undelivered events kept for a slow consumer.
    public static let eventBufferLimit = 1024

    private let configuration: BadgeReaderConfiguration
    private let control: BadgeReaderControl
    private let continuation: AsyncStream<BadgeReaderEvent>.Continuation
    private let started = StartFlag()

    /// Prepares a reader; nothing touches pcscd before `start()`.
    /// - Throws: `SystemError` for `eventfd` (the stop signal).
    public init(configuration: BadgeReaderConfiguration = BadgeReaderConfiguration()) throws {
        self.configuration = configuration
        self.control = try BadgeReaderControl()
        (events, continuation) = AsyncStream.makeStream(of: BadgeReaderEvent.self, bufferingPolicy: .bufferingNewest(Self.eventBufferLimit))
    }

    /// Starts the reader thread. Calling it again, or after `stop()`, does nothing.
    public func start() {
        guard started.claim() else { return }
        if control.isStopping {
            control.markFinished()
            continuation.finish()
            return
        }
        let loop = BadgeReaderLoop(configuration: configuration, control: control) { [continuation] event in
            continuation.yield(event)
        }
        let thread = Thread { [control, continuation] in
            control.recordReaderThread()
            loop.run()
            control.markFinished()
            continuation.finish()
        }
        thread.name = "kioskd.badge-reader"
        thread.start()
    }

    /// Stops the thread: cancels its wait (`SCardCancel`), releases the PC/SC context, and
    /// finishes `events`. Returns once the thread has ended, or after `timeout` if it is stuck in
    /// a card exchange that pcscd has not ended yet (the thread then ends by itself later).
    public func stop(timeout: Duration = .seconds(5)) async {
        control.requestStop()
        guard started.claim() == false else {
            // Never started: nothing runs, just close the stream.
            control.markFinished()
            continuation.finish()
            return
        }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !control.isFinished && clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
            control.repeatCancel()
        }
    }

    /// How many times the thread has entered `SCardGetStatusChange` (tests prove it does not spin).
    var waitCount: Int { control.waitCount }
    /// CPU time used by the reader thread so far (tests prove an idle reader costs nothing).
    var threadCPUTime: Duration? { control.readerThreadCPUTime }
}

/// A flag that can be claimed once, from any thread.
private final class StartFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false

    /// True the first time only.
    func claim() -> Bool {
        lock.withLock {
            defer { claimed = true }
            return !claimed
        }
    }
}
