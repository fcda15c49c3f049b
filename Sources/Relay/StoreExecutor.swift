import Dispatch

/// Runs SQLite calls (each up to one fsync) on a serial Dispatch queue instead of a thread of
/// Swift's cooperative pool, which has one thread per core and must never wait on disk.
struct StoreExecutor: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label, qos: .utility)
    }

    /// Runs `body` on the queue and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
