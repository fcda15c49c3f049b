import Dispatch

/// Runs blocking work (a SQLite transaction, an fsync) on a dedicated serial thread, so that
/// no blocking call ever runs on Swift's cooperative pool.
///
/// Guarantees: jobs run one at a time, in submission order; a job started always finishes,
/// even if the awaiting task is cancelled (a sale commit is never cut in half).
public final class BlockingExecutor: Sendable {
    private let queue: DispatchQueue

    /// An executor on its own serial queue named `label`.
    public init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Runs `body` on the executor's thread and returns its result.
    /// - Throws: what `body` throws.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
