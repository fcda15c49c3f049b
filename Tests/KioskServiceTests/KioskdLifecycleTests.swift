import Foundation
import Testing
import TestSupport

/// The real `kioskd` speaks the systemd notify protocol and stops cleanly on signals.
@Suite("kioskd lifecycle")
struct KioskdLifecycleTests {
    @Test("READY=1 once up, STOPPING=1 on the signal, exit 0", arguments: [SIGTERM, SIGINT])
    func readyThenStopping(signal: Int32) async throws {
        let directory = TemporaryDirectory()
        let listener = try NotifySocketListener(directory: directory.path)
        let daemon = try KioskdProcess(
            arguments: ["--simulate", "--config", try directory.write("kioskd.json", Self.config(directory))],
            directory: directory.path, environment: ["NOTIFY_SOCKET": listener.address])
        let ready = await listener.waitFor("READY=1")
        #expect(ready.message != nil, "READY=1 received; saw \(ready.seen); stderr \(daemon.lines)")
        #expect(ready.message?.contains { $0.hasPrefix("STATUS=") } == true, "a STATUS= line comes with READY=1")
        daemon.send(signal)
        let stopping = await listener.waitFor("STOPPING=1")
        #expect(stopping.message != nil, "STOPPING=1 received; saw \(stopping.seen)")
        let status = await daemon.waitForExit()
        #expect(status == 0, "exit code after a requested stop; stderr \(daemon.lines)")
        #expect(daemon.lines.last == "<5>kioskd: stopped")
    }

    @Test("speaks to an abstract notify socket")
    func abstractSocket() async throws {
        let directory = TemporaryDirectory()
        let listener = try NotifySocketListener()
        let daemon = try KioskdProcess(
            arguments: ["--simulate", "--config", try directory.write("kioskd.json", Self.config(directory))],
            directory: directory.path, environment: ["NOTIFY_SOCKET": listener.address])
        #expect(await listener.waitFor("READY=1").message != nil)
        daemon.send(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
    }

    @Test("every log line carries a syslog priority prefix")
    func priorityPrefixes() async throws {
        let directory = TemporaryDirectory()
        let daemon = try KioskdProcess(
            arguments: ["--simulate", "--log-level", "debug", "--config", try directory.write("kioskd.json", Self.config(directory))],
            directory: directory.path)
        #expect(await daemon.waitForLine(containing: "ready") != nil)
        daemon.send(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
        #expect(!daemon.lines.isEmpty)
        for line in daemon.lines {
            #expect(line.range(of: #"^<[2-7]>[a-z-]+: "#, options: .regularExpression) != nil, "prefixed: \(line)")
        }
        #expect(daemon.lines.contains { $0.hasPrefix("<7>") }, "debug lines at --log-level debug")
    }

    @Test("the state directory is created")
    func stateDirectory() async throws {
        let directory = TemporaryDirectory()
        let daemon = try KioskdProcess(
            arguments: ["--simulate", "--config", try directory.write("kioskd.json", Self.config(directory))],
            directory: directory.path)
        #expect(await daemon.waitForLine(containing: "ready") != nil)
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: directory.path + "/state/nested", isDirectory: &isDirectory) && isDirectory.boolValue)
        daemon.send(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
    }

    /// A configuration confined to `directory`, on a free port.
    static func config(_ directory: TemporaryDirectory) -> String {
        """
        {"kioskId":"kiosk-t","storeId":"store-t","stateDirectory":"\(directory.path)/state/nested",
         "api":{"listen":"127.0.0.1:0","unixSocket":"\(directory.path)/api.sock"}}
        """
    }
}
