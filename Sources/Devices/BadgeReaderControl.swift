import Foundation
import Glibc
import LinuxIO

/// What the badge reader's thread and the rest of the process share: the stop request, the
/// canceller of the context being waited on, and an eventfd that ends the back-off sleep early.
///
/// Every member is guarded by one lock; no member blocks while holding it except `SCardCancel`,
/// which only sends a message to pcscd.
final class BadgeReaderControl: @unchecked Sendable {
    private let lock = NSLock()
    private let wakeUp: EventFD
    private var stopping = false
    private var finished = false
    private var canceller: PCSCCanceller?
    private var waits = 0
    private var threadClock: clockid_t?

    /// - Throws: `SystemError` for `eventfd`.
    init() throws { wakeUp = try EventFD() }

    /// Whether `requestStop()` was called.
    var isStopping: Bool { lock.withLock { stopping } }
    /// Whether the thread has left its loop.
    var isFinished: Bool { lock.withLock { finished } }
    /// How many times the thread entered `SCardGetStatusChange` (to prove it does not spin).
    var waitCount: Int { lock.withLock { waits } }

    /// Asks the thread to end: wakes its back-off sleep and cancels its wait.
    func requestStop() {
        lock.withLock {
            stopping = true
            canceller?.cancel()
        }
        wakeUp.signal()
    }

    /// Cancels the current wait again (a cancel sent just before the wait began is lost).
    func repeatCancel() { lock.withLock { canceller?.cancel() } }

    /// The thread established a context; `requestStop` will cancel its waits.
    func attach(_ newCanceller: PCSCCanceller) {
        lock.withLock {
            canceller = newCanceller
            if stopping { newCanceller.cancel() }
        }
    }

    /// The thread is about to release its context: nothing to cancel until the next `attach`.
    func detach() { lock.withLock { canceller = nil } }

    /// Called by the reader thread when it starts: remembers its CPU-time clock.
    func recordReaderThread() {
        var clock = clockid_t()
        guard pthread_getcpuclockid(pthread_self(), &clock) == 0 else { return }
        lock.withLock { threadClock = clock }
    }

    /// CPU time the reader thread has used so far (`CLOCK_THREAD_CPUTIME_ID` of that thread),
    /// or nil before it started or after it ended.
    var readerThreadCPUTime: Duration? {
        lock.withLock { () -> Duration? in
            guard let clock = threadClock, !finished else { return nil }
            var time = timespec()
            guard clock_gettime(clock, &time) == 0 else { return nil }
            return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
        }
    }

    /// The thread enters `SCardGetStatusChange`.
    func countWait() { lock.withLock { waits += 1 } }

    /// The thread has left its loop.
    func markFinished() { lock.withLock { finished = true } }

    /// Sleeps for `duration` (poll(2) on the eventfd, no CPU), or less if `requestStop` is called.
    func sleep(for duration: Duration) {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        let deadline = monotonicNanoseconds() + UInt64(max(0, milliseconds)) * 1_000_000
        while !isStopping {
            let now = monotonicNanoseconds()
            guard now < deadline else { return }
            let remaining = Int32(clamping: (deadline - now + 999_999) / 1_000_000)
            _ = try? Poll.wait([(wakeUp.descriptor, .readable)], timeoutMilliseconds: remaining)
        }
    }
}
