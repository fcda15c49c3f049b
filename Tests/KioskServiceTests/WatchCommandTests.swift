import Devices
import Foundation
import Glibc
import Testing
import TestSupport

/// `kioskctl watch` with the daemon's event stream (the real HTTP server and broadcaster),
/// with the daemon stopped (a FIFO of `input_event` records as the scanner, the vpcd reader),
/// and raw key events for keymap trouble.
@Suite("kioskctl watch")
struct WatchCommandTests {
    /// Writes `bytes` into the FIFO at `path` from a thread of its own: the blocking open waits
    /// for `kioskctl` to open the other end.
    static func feed(_ path: String, _ bytes: [UInt8]) {
        Thread {
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { return }
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }.start()
    }

    /// The records a scanner set to `keymap` sends for `text` then Enter.
    static func typing(_ text: String, keymap: Keymap) -> [UInt8] {
        KeystrokeEncoder(keymap: keymap).events(typing: text).flatMap(\.encoded)
    }

    @Test("the daemon's events, authenticated with the API token file")
    func daemonEvents() async throws {
        let kiosk = try FakeKiosk()
        let socket = kiosk.state.path + "/api.sock"
        let daemon = try DaemonStandIn(unixSocket: socket)
        let tokenFile = try kiosk.state.write("api-token", daemon.token + "\n")
        let config = try kiosk.config(api: #"{"listen": "127.0.0.1:1", "unixSocket": "\#(socket)", "tokenFile": "\#(tokenFile)"}"#)
        let watching = Task { try await offPool { try ProcessRunner.run(BuiltProducts.kioskctl, ["watch", "--json", "--count", "2", "--seconds", "60", "--config", config]) } }
        let opened = try await offPool { daemon.waitForEventStreams(1) }
        #expect(opened, "kioskctl opened the event stream")
        daemon.board.update("scanner", .init(state: "connected", name: "/dev/kiosk/scanner-0"))
        daemon.broadcaster.publish(event: "scan", json: ["code": "2990000000002", "valid": true])
        let result = try await watching.value
        await daemon.stop()
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("events from kioskd on unix:\(socket)"), "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 2, "\(result.stdout)")
        #expect(lines.first?["event"] as? String == "device")
        #expect((lines.first?["data"] as? [String: Any])?["state"] as? String == "connected")
        #expect(lines.last?["event"] as? String == "scan")
        #expect((lines.last?["data"] as? [String: Any])?["code"] as? String == "2990000000002")
        #expect(lines.allSatisfy { $0["source"] as? String == "daemon" && $0["id"] is String && $0["time"] is String })
    }

    @Test("the daemon stopping during the watch: exit 69, saying the stream was closed")
    func daemonStops() async throws {
        let kiosk = try FakeKiosk()
        let socket = kiosk.state.path + "/api.sock"
        let daemon = try DaemonStandIn(unixSocket: socket)
        let tokenFile = try kiosk.state.write("api-token", daemon.token + "\n")
        let config = try kiosk.config(api: #"{"listen": "127.0.0.1:1", "unixSocket": "\#(socket)", "tokenFile": "\#(tokenFile)"}"#)
        let watching = Task { try await offPool { try ProcessRunner.run(BuiltProducts.kioskctl, ["watch", "--seconds", "60", "--config", config]) } }
        let opened = try await offPool { daemon.waitForEventStreams(1) }
        #expect(opened, "kioskctl opened the event stream")
        await daemon.stop()
        let result = try await watching.value
        #expect(result.status == 69, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stderr.contains("kioskd closed the event stream (stopped or restarting)"), "\(result.stderr)")
    }

    @Test("a token the daemon refuses: exit 1, naming the file")
    func refusedToken() async throws {
        let kiosk = try FakeKiosk()
        let socket = kiosk.state.path + "/api.sock"
        let daemon = try DaemonStandIn(unixSocket: socket)
        let tokenFile = try kiosk.state.write("api-token", String(repeating: "0", count: 64) + "\n")
        let config = try kiosk.config(api: #"{"listen": "127.0.0.1:1", "unixSocket": "\#(socket)", "tokenFile": "\#(tokenFile)"}"#)
        let result = try await offPool { try ProcessRunner.run(BuiltProducts.kioskctl, ["watch", "--seconds", "10", "--config", config]) }
        await daemon.stop()
        #expect(result.status == 1, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stderr.contains("refused the token from \(tokenFile)"), "\(result.stderr)")
        #expect(result.stderr.contains("HTTP 401"), "\(result.stderr)")
    }

    @Test("with the daemon stopped, scans come straight from the scanner")
    func scannerDirect() throws {
        let kiosk = try FakeKiosk()
        let fifo = kiosk.state.path + "/scanner.fifo"
        try FIFO.make(fifo)
        let config = try kiosk.config(#""scanner": {"keymap": "be", "devices": [{"path": "\#(fifo)"}]}, "badgeReader": {"enabled": false}"#)
        Self.feed(fifo, Self.typing("2990000000002", keymap: .be))
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["watch", "--count", "1", "--seconds", "60", "--config", config])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("kioskd is not running (connect('127.0.0.1:1')"), "\(result.stderr)")
        #expect(result.stderr.contains("watching the devices directly"))
        #expect(result.stdout.contains("scanner scan 2990000000002 (credential card:2990000000002) on \(fifo)"), "\(result.stdout)")
    }

    @Test("--raw shows each key with what every layout types, and the scan the configured one assembles")
    func raw() throws {
        let kiosk = try FakeKiosk()
        let fifo = kiosk.state.path + "/scanner.fifo"
        try FIFO.make(fifo)
        let config = try kiosk.config(#""scanner": {"keymap": "us", "devices": [{"path": "\#(fifo)"}]}"#)
        // A scanner programmed for Belgian AZERTY, read with the us keymap: "2" arrives as "@".
        Self.feed(fifo, Self.typing("2", keymap: .be))
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["watch", "--raw", "--count", "3", "--seconds", "60", "--config", config])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let text = result.stdout
        #expect(text.contains("key  42 KEY_LEFTSHIFT  press"), "\(text)")
        #expect(text.contains("key   3 KEY_2          press   Shift us:'@'* be:'2' fr:'2' de:'\"'"), "\(text)")
        #expect(text.contains("key  28 KEY_ENTER      press"), "\(text)")
        #expect(text.contains("→ scan \"@\" with keymap us"), "the us keymap misreads the be scanner: \(text)")
        #expect(result.stderr.contains("decoding with keymap us"))
    }

    @Test("--raw --json: one object per key event")
    func rawJSON() throws {
        let kiosk = try FakeKiosk()
        let fifo = kiosk.state.path + "/scanner.fifo"
        try FIFO.make(fifo)
        Self.feed(fifo, Self.typing("7", keymap: .us))
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["watch", "--raw", "--json", "--scanner", fifo, "--keymap", "fr", "--count", "2", "--seconds", "60"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let press = lines.first { $0["event"] as? String == "key" && $0["value"] as? Int == 1 }
        #expect(press?["code"] as? Int == 8, "KEY_7: \(result.stdout)")
        #expect((press?["characters"] as? [String: Any])?["us"] as? String == "7")
        #expect((press?["characters"] as? [String: Any])?["fr"] as? String == "è", "unshifted on AZERTY")
        #expect(lines.contains { $0["event"] as? String == "scan" && $0["text"] as? String == "è" && $0["keymap"] as? String == "fr" })
    }

    @Test("with the daemon stopped, a badge on the PC/SC reader is shown with its UID")
    func badgeDirect() async throws {
        try await PCSCDHarness.withExclusiveAccess { _ in
            let card = try VirtualCard(uidHex: "04A1B2C3D4")
            defer { card.remove() }
            let kiosk = try FakeKiosk()
            let config = try kiosk.config(#""scanner": {"discover": false}"#)
            let result = try await offPool { try ProcessRunner.run(BuiltProducts.kioskctl, ["watch", "--devices", "--count", "1", "--seconds", "30", "--config", config]) }
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(result.stdout.contains("pcsc    badge 04A1B2C3D4 on 'Virtual PCD 00 00'"), "\(result.stdout)")
        }
    }

    @Test("usage errors exit 2", arguments: [["--count", "0"], ["--keymap", "nl"], ["--bogus"]])
    func usage(arguments: [String]) throws {
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["watch"] + arguments)
        #expect(result.status == 2, "\(result.stderr)")
    }
}
