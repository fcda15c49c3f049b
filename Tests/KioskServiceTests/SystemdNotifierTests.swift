import Foundation
import Testing
import TestSupport
@testable import KioskService

@Suite("SystemdNotifier")
struct SystemdNotifierTests {
    let logger = Logger(label: "test", level: .debug, sink: LogSink(descriptor: 2))

    @Test("speaks to a socket file and to an abstract name", arguments: [true, false])
    func sendsDatagrams(toFile: Bool) async throws {
        let directory = TemporaryDirectory()
        let listener = try NotifySocketListener(directory: toFile ? directory.path : nil)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.address], logger: logger)
        #expect(notifier.isActive)
        notifier.ready(status: "ready (simulation mode)")
        let ready = await listener.next(timeout: .seconds(60)) ?? []
        #expect(ready.contains("READY=1"), "READY=1 in \(ready)")
        #expect(ready.contains("STATUS=ready (simulation mode)"))
        #expect(ready.contains("MAINPID=\(getpid())"))
        notifier.stopping(status: "stopping (SIGTERM)")
        #expect(await listener.next(timeout: .seconds(60)) == ["STOPPING=1", "STATUS=stopping (SIGTERM)"])
    }

    @Test("is silent without $NOTIFY_SOCKET")
    func silentWithoutSocket() {
        let notifier = SystemdNotifier(environment: [:], logger: logger)
        #expect(!notifier.isActive)
        notifier.ready(status: "ready")  // must not crash or block
    }

    @Test("pets the watchdog at half of $WATCHDOG_USEC")
    func watchdogInterval() async throws {
        let listener = try NotifySocketListener()
        let notifier = SystemdNotifier(
            environment: ["NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": "200000"], logger: logger)
        #expect(notifier.watchdogInterval == .milliseconds(100))
        let task = Task { await notifier.runWatchdog() }
        defer { task.cancel() }
        let start = ContinuousClock.now
        #expect(await listener.next(timeout: .seconds(60)) == ["WATCHDOG=1"])
        #expect(await listener.next(timeout: .seconds(60)) == ["WATCHDOG=1"])
        #expect(ContinuousClock.now - start >= .milliseconds(90), "the second WATCHDOG=1 waits half the period")
    }

    @Test("ignores a watchdog meant for another process")
    func watchdogForAnotherPid() {
        let notifier = SystemdNotifier(
            environment: ["NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "200000", "WATCHDOG_PID": "1"], logger: logger)
        #expect(notifier.watchdogInterval == nil)
    }
}
