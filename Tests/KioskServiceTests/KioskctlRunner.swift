import Foundation
import TestSupport

/// Runs the built `kioskctl` with `arguments` to completion on a thread of its own (never on
/// the cooperative pool, which an in-process server may need meanwhile).
func kioskctl(_ arguments: [String], environment: [String: String] = [:]) async throws -> ProcessResult {
    try await offPool { try ProcessRunner.run(BuiltProducts.kioskctl, arguments, environment: environment) }
}

/// The built `kioskctl` running to completion on a thread of its own, while the test drives
/// something else (e.g. simulated badges for a `watch`); `isDone` turns true once it exited.
final class ProcessOnThread: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: ProcessResult?
    private var failure: (any Error)?
    private var finished = false

    /// Starts `kioskctl` with `arguments`.
    init(_ arguments: [String]) {
        Thread { [self] in
            let result = Result { try ProcessRunner.run(BuiltProducts.kioskctl, arguments) }
            lock.lock()
            switch result {
            case .success(let value): outcome = value
            case .failure(let error): failure = error
            }
            finished = true
            lock.unlock()
        }.start()
    }

    /// Whether the process exited (or could not start).
    var isDone: Bool { lock.lock(); defer { lock.unlock() }; return finished }

    /// What the process left behind, once done.
    /// - Throws: why it could not be started.
    func result() throws -> ProcessResult? {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
        return outcome
    }
}
