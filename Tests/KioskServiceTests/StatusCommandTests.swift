import Foundation
import Testing
import TestSupport

/// `kioskctl status` against a stopped daemon, a daemon's API built from the real server and
/// health reporter, a degraded one, and a broken configuration.
@Suite("kioskctl status")
struct StatusCommandTests {
    @Test("a stopped daemon: exit 69 with how to start it")
    func stopped() throws {
        let kiosk = try FakeKiosk()
        let config = try kiosk.config()
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["status", "--config", config])
        #expect(result.status == 69, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stderr.contains("kioskd is not running (connect('127.0.0.1:1')"), "\(result.stderr)")
        #expect(result.stderr.contains("systemctl start kioskd"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("health, version, uptime and devices from the daemon's unix socket")
    func running() async throws {
        let kiosk = try FakeKiosk()
        let socket = kiosk.state.path + "/api.sock"
        let daemon = try DaemonStandIn(unixSocket: socket, backend: ["state": "unreachable", "detail": "connect: Connection refused"])
        daemon.board.update("badgeReader", .init(state: "connected", name: "Virtual PCD 00 00"))
        daemon.board.update("printer", .init(state: "paper-out", name: "/dev/kiosk/printer-usb-0", detail: "paper out on '/dev/kiosk/printer-usb-0'"))
        let config = try kiosk.config(api: #"{"listen": "127.0.0.1:1", "unixSocket": "\#(socket)"}"#)
        let human = try await offPool { try ProcessRunner.run(BuiltProducts.kioskctl, ["status", "--config", config]) }
        let json = try await offPool { try ProcessRunner.run(BuiltProducts.kioskctl, ["status", "--json", "--config", config]) }
        await daemon.stop()
        #expect(human.status == 0, "stderr: \(human.stderr)")
        let text = human.stdout
        #expect(text.contains("kioskd 0.1.0, simulation mode: ok (on unix:\(socket))"), "\(text)")
        #expect(text.contains("up ") && text.contains("pid \(getpid())"), "uptime of the process behind the socket: \(text)")
        #expect(text.contains("badgeReader  connected  Virtual PCD 00 00"), "\(text)")
        #expect(text.contains("printer      paper-out  /dev/kiosk/printer-usb-0 — paper out on '/dev/kiosk/printer-usb-0'"), "\(text)")
        #expect(text.contains("backend:      unreachable — connect: Connection refused"), "\(text)")
        #expect(text.contains("loyalty:      available"), "\(text)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["healthy"] as? Bool == true)
        #expect(object?["endpoint"] as? String == "unix:\(socket)")
        #expect((object?["uptimeSeconds"] as? Int).map { $0 >= 0 } == true)
        let health = object?["health"] as? [String: Any]
        #expect(health?["version"] as? String == "0.1.0")
        #expect(((health?["devices"] as? [String: Any])?["printer"] as? [String: Any])?["state"] as? String == "paper-out")
    }

    @Test("a degraded daemon exits 1 and shows its outbox and last errors")
    func degraded() throws {
        let document = """
            {"status": "degraded", "version": "0.1.0", "mode": "hardware", "uptimeSeconds": 7500,
             "devices": {"badgeReader": {"state": "disconnected", "detail": "SCardEstablishContext: SCARD_E_NO_SERVICE"}},
             "outbox": {"pending": 42, "deadLetters": 2}, "printQueue": {"pending": 1},
             "loyalty": {"available": false, "reason": "no badge reader and no scanner present"},
             "lastErrors": [{"at": "2026-03-28T10:00:00Z", "source": "relay", "message": "POST /v1/sales: 401"}, "pcscd lost"]}
            """
        let daemon = try CannedHTTPServer(answer: .init(status: 503, body: document))
        defer { daemon.stop() }
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["status", "--api", "127.0.0.1:\(daemon.port)"])
        #expect(result.status == 1, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("kioskd 0.1.0, hardware mode: degraded"), "\(result.stdout)")
        #expect(result.stdout.contains("up 2 h 05 min"), "\(result.stdout)")
        #expect(result.stdout.contains("outbox:       42 sale(s) waiting, 2 dead letter(s) (kioskctl outbox list)"), "\(result.stdout)")
        #expect(result.stdout.contains("loyalty:      UNAVAILABLE — no badge reader and no scanner present"), "\(result.stdout)")
        #expect(result.stdout.contains("  2026-03-28T10:00:00Z relay: POST /v1/sales: 401\n  pcscd lost"), "\(result.stdout)")
        #expect(daemon.requests.first?.line == "GET /v1/health HTTP/1.1")
        #expect(daemon.requests.first?.headers["host"] == "127.0.0.1:\(daemon.port)", "the Host the security gate accepts")
    }

    @Test("a configuration that does not load: exit 78 with the key path")
    func brokenConfig() throws {
        let kiosk = try FakeKiosk()
        let config = try kiosk.config(api: #"{"listen": "localhost:8765"}"#)
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["status", "--config", config])
        #expect(result.status == 78)
        #expect(result.stderr.contains("api.listen: expected a numeric address"), "\(result.stderr)")
    }

    @Test("--help and unknown options", arguments: [
        (["--help"], Int32(0)), (["--bogus"], Int32(2)), (["extra"], Int32(2)),
    ] as [([String], Int32)])
    func usage(arguments: [String], status: Int32) throws {
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["status"] + arguments)
        #expect(result.status == status, "\(result.stderr)")
        if status == 0 { #expect(result.stdout.contains("Exit status: 0 healthy, 1 degraded, 69")) }
    }
}
