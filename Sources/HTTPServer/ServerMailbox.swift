import LinuxIO
import Synchronization

/// Messages other threads hand to the server loop, with the eventfd that wakes it.
///
/// The only state the loop shares: handler tasks post responses, `stop()` posts the stop
/// request, broadcasters signal `wake` after a publish.
final class ServerMailbox: Sendable {
    enum Message: Sendable {
        case response(connectionID: UInt64, HTTPResponse)
        case stop
        case security(SecurityGate?)
    }

    let wake: EventFD
    /// Connection counts, written by the loop after each wake-up.
    let activity = Mutex(HTTPServerActivity(connections: 0, eventStreams: 0))
    private let messages = Mutex<[Message]>([])
    private let finished = Mutex<(done: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    init() throws { wake = try EventFD() }

    /// Queues `message` and wakes the loop.
    func post(_ message: Message) {
        messages.withLock { $0.append(message) }
        wake.signal()
    }

    /// Takes every queued message (loop thread).
    func takeAll() -> [Message] {
        messages.withLock { messages in
            defer { messages.removeAll(keepingCapacity: true) }
            return messages
        }
    }

    /// Suspends until `markFinished()` was called (immediately if it already was).
    func waitUntilFinished() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = finished.withLock { state -> Bool in
                if state.done { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Records that the loop has exited and resumes every waiter.
    func markFinished() {
        let waiters = finished.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.done = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    var isFinished: Bool { finished.withLock { $0.done } }
}
