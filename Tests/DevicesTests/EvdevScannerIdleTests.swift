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

        let before = scanner.pollWakeUps
        try await Task.sleep(nanoseconds: 1_000_000_000)
        let idle = scanner.pollWakeUps - before
        #expect(idle <= 15, "one missing device retried every 200 ms: \(idle) wake-ups in 1 s")

        let writer = try await FIFOWriter(path: fifo)
        try writer.write(KeystrokeEncoder(keymap: .us).events(typing: "1", startingAt: 1_700_000_000_000_000).flatMap(\.encoded))
        writer.close()
        #expect(await recorder.wait { _ in recorder.scans.count == 1 })
        let afterWriter = scanner.pollWakeUps
        try await Task.sleep(nanoseconds: 1_000_000_000)
        let hungUp = scanner.pollWakeUps - afterWriter
        #expect(hungUp <= 15, "a FIFO whose writer closed is reopened, not polled on POLLHUP: \(hungUp) wake-ups in 1 s")
        await scanner.stop()
    }

    @Test("a character device that is not evdev: ioctls skipped, end of input is an unplug, reopened with a growing back-off")
    func characterDevice() async throws {
        let configuration = ScannerConfiguration(devices: [.init(match: .path("/dev/null"))], retryInitialMs: 50, retryMaximumMs: 400)
        let scanner = try EvdevScanner(configuration: configuration, classifier: CredentialClassifier())
        let recorder = EvdevEventRecorder(scanner)
        try scanner.start()
        #expect(await recorder.wait { _ in recorder.disappeared.count >= 2 })
        let info = try #require(recorder.appeared.first)
        #expect(info.kind == .characterDevice && !info.grabbed && info.grabError == nil && info.name == nil && info.usbID == nil,
                "EVIOCGRAB/EVIOCGNAME/EVIOCGID fail with ENOTTY on /dev/null and are skipped")
        #expect(recorder.disappeared.first?.1 == .unplugged(nil))
        try await Task.sleep(nanoseconds: 1_500_000_000)
        let reopened = recorder.appeared.count
        #expect(reopened <= 20, "50, 100, 200, 400, 400… ms between reopenings (plus inotify wake-ups when other processes close /dev/null after writing): \(reopened) in about 1.7 s")
        await scanner.stop()
    }
}
