import Foundation
import Identity
import LinuxIO

/// Reads barcode scanners and keyboard-wedge badge readers from evdev devices on a thread
/// of its own, and delivers what they type as `ScannerEvent`s through `events`.
///
/// Delivery is an `AsyncStream` (buffering the newest 1024 events if nobody reads): the
/// service iterates it from a task. The blocking part (`poll` on the devices, an inotify
/// watch and an eventfd) runs on a dedicated thread, never on the cooperative pool; `stop()`
/// wakes it through the eventfd. Devices are opened with `O_NONBLOCK`, grabbed with
/// `EVIOCGRAB` (skipped with `ENOTTY` on FIFOs and files), reopened after they disappear
/// (woken by inotify on their directory, else after a back-off of `retryInitialMs` doubling
/// up to `retryMaximumMs`); nothing polls on a timer while every device is present.
///
/// A device path may be an evdev node, a FIFO or a regular file of raw `input_event`
/// records: a FIFO whose writer closes is reopened at once and waits for the next writer; a
/// file is read to its end and read again only when replaced (at once, by inotify) or
/// rewritten in place (noticed at the next back-off step).
public final class EvdevScanner: Sendable {
    /// Everything the scanner reports, in order. Finishes after `stop()`.
    public let events: AsyncStream<ScannerEvent>

    private let configuration: ScannerConfiguration
    private let classifier: CredentialClassifier
    private let continuation: AsyncStream<ScannerEvent>.Continuation
    private let wake: EventFD
    private let lifecycle = Lifecycle()
    private let statistics = ScanLoopStatistics()

    /// How many times the reading thread has returned from `poll` (for tests: idle means flat).
    var pollWakeUps: Int { statistics.pollWakeUps }

    /// A scanner for `configuration`; scans are classified by `classifier`. Nothing is opened
    /// until `start()`.
    /// - Throws: `SystemError` for `eventfd`.
    public init(configuration: ScannerConfiguration, classifier: CredentialClassifier) throws {
        self.configuration = configuration
        self.classifier = classifier
        self.wake = try EventFD()
        (events, continuation) = AsyncStream.makeStream(of: ScannerEvent.self, bufferingPolicy: .bufferingNewest(1024))
    }

    deinit {
        wake.signal()
    }

    /// Starts the reading thread (once; later calls do nothing).
    /// - Throws: `SystemError` for `inotify_init1`.
    public func start() throws {
        guard lifecycle.markStarted() else { return }
        let watch = try DirectoryWatch()
        let loop = EvdevScanLoop(configuration: configuration, classifier: classifier, wake: wake, watch: watch, statistics: statistics) { [continuation] event in
            continuation.yield(event)
        }
        let lifecycle = self.lifecycle
        let continuation = self.continuation
        let thread = Thread {
            loop.run()
            continuation.finish()
            lifecycle.markFinished()
        }
        thread.name = "kioskd-evdev"
        thread.start()
    }

    /// Stops the thread, closing every device (each reported `deviceDisappeared(.stopped)`),
    /// and returns once it has exited and `events` has finished.
    public func stop() async {
        wake.signal()
        guard lifecycle.isStarted else {
            continuation.finish()
            return
        }
        await lifecycle.waitUntilFinished()
    }
}

/// Start/finish bookkeeping shared between the owner and the reading thread.
private final class Lifecycle: @unchecked Sendable {
    private let lock = NSLock()
    private var started = false
    private var finished = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    var isStarted: Bool { lock.withLock { started } }

    func markStarted() -> Bool {
        lock.withLock {
            if started { return false }
            started = true
            return true
        }
    }

    func markFinished() {
        let resumed: [CheckedContinuation<Void, Never>] = lock.withLock {
            finished = true
            defer { waiters.removeAll() }
            return waiters
        }
        for waiter in resumed { waiter.resume() }
    }

    func waitUntilFinished() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done: Bool = lock.withLock {
                if finished { return true }
                waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}

/// Counters the reading thread updates, readable from any thread.
final class ScanLoopStatistics: @unchecked Sendable {
    private let lock = NSLock()
    private var wakeUps = 0

    var pollWakeUps: Int { lock.withLock { wakeUps } }

    func countWakeUp() { lock.withLock { wakeUps += 1 } }
}
