import Foundation
import Glibc
import Identity
import LinuxIO
import Testing
import TestSupport
@testable import Devices

/// The reading thread waits for events instead of spinning: counted `poll` wake-ups stay flat.
@Suite("EvdevScanner idle behaviour")
struct EvdevScannerIdleTests {
    /// Wake-ups of the scanner thread over about `seconds`, and the seconds actually elapsed
    /// (the test's own task may resume late on a loaded machine; the bound scales with it).
    static func wakeUps(of scanner: EvdevScanner, during seconds: Double) async throws -> (Int, Double) {
        let before = scanner.pollWakeUps
        let start = ContinuousClock.now
        try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
        let count = scanner.pollWakeUps - before
        return (count, Self.seconds(since: start))
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    @Test("idle with a FIFO, a missing device and a FIFO whose writer left: a handful of wake-ups per second")
    func noBusyLoop() async throws {
        let dir = TemporaryDirectory()
        let fifo = dir.path + "/scanner"
        try FIFO.make(fifo)
        let configuration = ScannerConfiguration(
            devices: [.init(match: .path(fifo)), .init(match: .path(dir.path + "/missing"))],
            retryInitialMs: 100, retryMaximumMs: 200)
        let scanner = try EvdevScanner(configuration: configuration, classifier: CredentialClassifier())
        let recorder = EvdevEventRecorder(scanner)
        try scanner.start()
        #expect(await recorder.wait { _ in recorder.appeared.count == 1 && recorder.errors.count == 1 })

        let (idle, seconds) = try await Self.wakeUps(of: scanner, during: 1)
        #expect(Double(idle) <= seconds * 5 + 10, "one missing device retried every 200 ms: \(idle) wake-ups in \(seconds) s")

        let writer = try await FIFOWriter(path: fifo)
        try writer.write(KeystrokeEncoder(keymap: .us).events(typing: "1", startingAt: 1_700_000_000_000_000).flatMap(\.encoded))
        writer.close()
        #expect(await recorder.wait { _ in recorder.scans.count == 1 })
        let (hungUp, hungUpSeconds) = try await Self.wakeUps(of: scanner, during: 1)
        #expect(Double(hungUp) <= hungUpSeconds * 5 + 10,
                "a FIFO whose writer closed is reopened, not polled on POLLHUP: \(hungUp) wake-ups in \(hungUpSeconds) s")
        await scanner.stop()
    }

    @Test("a character device that is not evdev: ioctls skipped, end of input is an unplug, reopened with a growing back-off")
    func characterDevice() async throws {
        // Through a link, as /dev/kiosk/scanner-* are: the scanner watches the link's calm
        // directory, not /dev.
        let dir = TemporaryDirectory()
        let link = dir.path + "/scanner-null"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/null")
        let configuration = ScannerConfiguration(devices: [.init(match: .path(link))], retryInitialMs: 50, retryMaximumMs: 400)
        let scanner = try EvdevScanner(configuration: configuration, classifier: CredentialClassifier())
        let recorder = EvdevEventRecorder(scanner)
        try scanner.start()
        #expect(await recorder.wait { _ in recorder.disappeared.count >= 2 })
        let info = try #require(recorder.appeared.first)
        #expect(info.kind == .characterDevice && !info.grabbed && info.grabError == nil && info.name == nil && info.usbID == nil,
                "EVIOCGRAB/EVIOCGNAME/EVIOCGID fail with ENOTTY on /dev/null and are skipped")
        #expect(recorder.disappeared.first?.1 == .unplugged(nil))
        let before = recorder.appeared.count
        let start = ContinuousClock.now
        try await Task.sleep(nanoseconds: 1_000_000_000)
        let seconds = Self.seconds(since: start)
        let reopened = recorder.appeared.count - before
        #expect(Double(reopened) <= seconds / 0.4 + 2, "by now 400 ms between reopenings: \(reopened) in \(seconds) s")
        await scanner.stop()
    }
}
