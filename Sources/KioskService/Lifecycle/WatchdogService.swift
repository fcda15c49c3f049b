/// Sends systemd's `WATCHDOG=1` at half of `$WATCHDOG_USEC` while the daemon runs.
///
/// It runs last in the service group, so a daemon whose cooperative executor is wedged stops
/// petting the watchdog and systemd restarts it.
public struct WatchdogService: Service {
    public let name = "watchdog"
    private let notifier: SystemdNotifier

    public init(notifier: SystemdNotifier) { self.notifier = notifier }

    public func run() async throws {
        await notifier.runWatchdog()
        // Without a watchdog, stay until asked to stop.
        await untilCancelled()
    }
}
