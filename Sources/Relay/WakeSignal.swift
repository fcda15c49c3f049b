import Synchronization

/// A coalescing wake-up: `raise()` from any thread; `wait(until:)` returns when raised (now or
/// since the last wait), when the deadline passes, or when the task is cancelled.
///
/// Raises while nobody waits are remembered as one: the next wait returns at once. No timer
/// runs while waiting without a deadline.
final class WakeSignal: Sendable {
    private struct State {
        var raised = false
        var nextWaiter: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    /// Wakes every waiter, or the next one to wait.
    func raise() {
        let continuations = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if state.waiters.isEmpty {
                state.raised = true
                return []
            }
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for continuation in continuations { continuation.resume() }
    }

    /// Waits for a raise, the deadline (when given) or cancellation, whichever comes first.
    func wait(until deadline: ContinuousClock.Instant?) async {
        guard let deadline else { return await waitForRaise() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForRaise() }
            group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForRaise() async {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.raised {
                        state.raised = false
                        return true
                    }
                    if Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = state.withLock { $0.waiters.removeValue(forKey: id) }
            continuation?.resume()
        }
    }
}
