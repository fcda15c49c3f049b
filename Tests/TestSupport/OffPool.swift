import Foundation

/// Runs blocking work (starting or stopping a process, waiting on a pipe) on a thread of its
/// own, so that an async test does not hold one of the few cooperative-pool threads (two on a
/// 2-core machine) while other tests in the same process need them.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.start()
    }
}
