import Foundation
import Synchronization

/// Runs blocking work (a SQLite transaction, an fsync) on a dedicated thread of its own, so
/// that no blocking call ever runs on Swift's cooperative pool (nor competes for Dispatch's).
///
/// Guarantees: jobs run one at a time, in submission order; a job started always finishes,
/// even if the awaiting task is cancelled (a sale commit is never cut in half). The thread
/// sleeps on a condition variable while there is nothing to do.
public final class BlockingExecutor: Sendable {
    private typealias Job = @Sendable () -> Void
    private let queue: JobQueue

    /// An executor whose thread is named `label`.
    public init(label: String) {
        let queue = JobQueue()
        self.queue = queue
        let thread = Thread {
            while let job = queue.take() { job() }
        }
        thread.name = label
        thread.start()
    }

    deinit { queue.close() }

    /// Runs `body` on the executor's thread and returns its result.
    /// - Throws: what `body` throws.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.put { continuation.resume(with: Result { try body() }) }
        }
    }

    /// A FIFO of jobs guarded by a condition variable.
    private final class JobQueue: @unchecked Sendable {
        private let condition = NSCondition()
        private var jobs: [Job] = []
        private var closed = false

        func put(_ job: @escaping Job) {
            condition.lock()
            jobs.append(job)
            condition.signal()
            condition.unlock()
        }

        /// The next job, waiting for one; nil once closed and drained.
        func take() -> Job? {
            condition.lock()
            defer { condition.unlock() }
            while jobs.isEmpty && !closed { condition.wait() }
            return jobs.isEmpty ? nil : jobs.removeFirst()
        }

        func close() {
            condition.lock()
            closed = true
            condition.broadcast()
            condition.unlock()
        }
    }
}
