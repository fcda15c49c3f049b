import Foundation

/// Runs services in dependency order and stops them in reverse order.
///
/// Guarantees: services start in the order given (a service may use those before it);
/// `onStarted` runs once every service's task has started; a stop request (signal) or the
/// end of any service stops every service, last started first, each fully finished before
/// the previous one is asked to stop; a service that does not finish within `stopTimeout`
/// is abandoned with an error line and the group ends with `.timedOut`.
public struct ServiceGroup: Sendable {
    /// Why the group stopped.
    public enum Outcome: Sendable, Equatable {
        /// A stop was requested (a signal) and every service finished.
        case stopped(reason: String)
        /// A service failed or ended by itself; the others were stopped.
        case serviceFailed(name: String, error: String)
        /// A service did not finish within the stop timeout.
        case timedOut(name: String)
    }

    private let services: [any Service]
    private let logger: Logger
    private let stopTimeout: Duration

    public init(services: [any Service], logger: Logger, stopTimeout: Duration = .seconds(10)) {
        self.services = services
        self.logger = logger
        self.stopTimeout = stopTimeout
    }

    private enum Event: Sendable {
        case stopRequested(String)
        case ended(index: Int, error: String?)
    }

    /// Starts the services, then waits for a stop request from `stopRequests` or the end of a
    /// service, then stops them all in reverse order.
    /// - Parameter onStarted: called once all services run (READY=1 goes here).
    /// - Parameter onStopping: called when the stop begins, with its reason (STOPPING=1 goes here).
    public func run(
        stopRequests: AsyncStream<String>,
        onStarted: @Sendable () -> Void,
        onStopping: @Sendable (String) -> Void
    ) async -> Outcome {
        let (events, sink) = AsyncStream<Event>.makeStream()
        var tasks: [Task<Void, Never>] = []
        for (index, service) in services.enumerated() {
            let log = logger
            tasks.append(Task {
                do {
                    try await service.run()
                    sink.yield(.ended(index: index, error: nil))
                } catch is CancellationError {
                    sink.yield(.ended(index: index, error: nil))
                } catch {
                    log.error("\(service.name) failed: \(error)")
                    sink.yield(.ended(index: index, error: "\(error)"))
                }
            })
            logger.debug("started \(service.name)")
        }
        let forwarder = Task {
            for await reason in stopRequests {
                sink.yield(.stopRequested(reason))
                return
            }
        }
        onStarted()

        var finished = Set<Int>()
        var outcome = Outcome.stopped(reason: "all services ended")
        for await event in events {
            switch event {
            case .stopRequested(let reason):
                outcome = .stopped(reason: reason)
            case .ended(let index, let error):
                finished.insert(index)
                let name = services[index].name
                outcome = .serviceFailed(name: name, error: error ?? "ended unexpectedly")
            }
            break
        }
        forwarder.cancel()
        onStopping(Self.describe(outcome))

        for index in services.indices.reversed() where !finished.contains(index) {
            let service = services[index]
            logger.debug("stopping \(service.name)")
            tasks[index].cancel()
            if !(await Self.wait(for: tasks[index], timeout: stopTimeout)) {
                logger.error("\(service.name) did not stop within \(stopTimeout), abandoning it")
                return .timedOut(name: service.name)
            }
            logger.debug("stopped \(service.name)")
        }
        sink.finish()
        return outcome
    }

    /// A line for logs and `STATUS=`.
    static func describe(_ outcome: Outcome) -> String {
        switch outcome {
        case .stopped(let reason): return "stopping (\(reason))"
        case .serviceFailed(let name, let error): return "stopping: \(name) failed: \(error)"
        case .timedOut(let name): return "stopping: \(name) did not stop in time"
        }
    }

    /// Waits for `task` to end, at most `timeout`; false when it did not end in time.
    private static func wait(for task: Task<Void, Never>, timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await task.value; return true }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
