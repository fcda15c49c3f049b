import Dispatch
import Foundation

/// Checks `condition` every `interval` on a thread of its own (neither Swift's cooperative
/// pool nor Dispatch's, which other tests and Foundation's `Process` pipes rely on) until it returns a value or `timeout` passes; the last check happens after the
/// deadline, so a result that arrived while this task waited to be resumed is not missed.
///
/// Tests that wait for a child process, a socket or a file use this rather than `Task.sleep`
/// loops: on 2 cores, other tests blocking the pool's threads would otherwise stretch a
/// `Task.sleep` far beyond its deadline and fail a test that had its answer in time.
public func waitOffPool<T: Sendable>(
    timeout: Duration = .seconds(60), interval: Duration = .milliseconds(5), _ condition: @escaping @Sendable () -> T?
) async -> T? {
    await withCheckedContinuation { continuation in
        detachThread {
            let deadline = ContinuousClock.now + timeout
            let micros = useconds_t(max(1, interval.components.attoseconds / 1_000_000_000_000))
            while true {
                if let value = condition() { return continuation.resume(returning: value) }
                if ContinuousClock.now >= deadline { return continuation.resume(returning: condition()) }
                usleep(micros)
            }
        }
    }
}

/// Runs `body` on a new thread (for blocking test work: waits, socket reads).
public func detachThread(_ body: @escaping @Sendable () -> Void) {
    let thread = Thread { body() }
    thread.name = "kioskd-test-wait"
    thread.start()
}
