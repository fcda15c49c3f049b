import Foundation
import Testing
import TestSupport

/// `kioskctl status`, `watch` and `doctor` against the real `kioskd --simulate`, over the
/// daemon's own unix socket and token file, with a loopback printer and backend in good order.
@Suite("kioskctl with a running kioskd")
struct KioskctlWithDaemonTests {
    /// A kiosk in good order: `kioskd --simulate` with a ready printer on loopback TCP, a
    /// backend that takes the token (404 for the probe's unknown card) on the same clock, and a
    /// points program.
    final class GoodKiosk: @unchecked Sendable {
        let directory = TemporaryDirectory(prefix: "kioskctl-daemon")
        let printer: FakeEscPosPrinter
        let backend: CannedHTTPServer
        let config: String
        let daemon: KioskdProcess
        /// The daemon's TCP port.
        let port: UInt16

        init() async throws {
            printer = try FakeEscPosPrinter.overTCP(condition: .ready)
            backend = try CannedHTTPServer(answer: .init(
                status: 404, body: #"{"error": {"code": "unknown-credential", "message": "no account"}}"#,
                dateOffset: 0))
            let backendToken = try directory.write("backend-token", "kiosk-9-token\n")
            config = try directory.write("kioskd.json", """
                {"kioskId": "kiosk-9", "storeId": "store-9", "stateDirectory": "\(directory.path)/state",
                 "api": {"listen": "127.0.0.1:0", "unixSocket": "\(directory.path)/api.sock"},
                 "printer": {"transport": "tcp", "host": "127.0.0.1", "port": \(printer.port), "statusTimeoutMilliseconds": 500,
                             "profile": {"maker": "epson", "columns": 42, "codePage": "cp858"}},
                 "backend": {"url": "\(backend.url.absoluteString)", "tokenFile": "\(backendToken)"},
                 "loyalty": {"mode": "points", "pointsPerEuro": 1}}
                """)
            daemon = try KioskdProcess(arguments: ["--simulate", "--config", config], directory: directory.path)
            let line = await daemon.waitForLine(containing: "API listening on http://127.0.0.1:")
            port = line.flatMap { UInt16($0.components(separatedBy: "http://127.0.0.1:")[1].prefix { $0.isNumber }) } ?? 0
        }

        /// Stops the daemon and the loopback services.
        func stop() async {
            daemon.send(SIGTERM)
            _ = await daemon.waitForExit()
            printer.stop()
            backend.stop()
        }
    }

    @Test("status, watch and doctor see the running daemon; status says 69 once it stopped")
    func running() async throws {
        let kiosk = try await GoodKiosk()
        let (directory, printer, config, daemon) = (kiosk.directory, kiosk.printer, kiosk.config, kiosk.daemon)
        let port = kiosk.port
        #expect(port != 0, "kioskd started: \(daemon.lines)")

        let status = try await kioskctl(["status", "--config", config])
        #expect(status.status == 0, "stderr: \(status.stderr)")
        #expect(status.stdout.contains("kioskd 0.1.0, simulation mode: ok (on unix:\(directory.path)/api.sock)"), "\(status.stdout)")
        #expect(status.stdout.contains("badgeReader  simulated   simulated\n"), "names aligned after the longest state: \(status.stdout)")
        #expect(status.stdout.contains("printer      configured  tcp 127.0.0.1:\(printer.port)\n"), "\(status.stdout)")

        // The daemon does not replay events to a new stream: simulate a badge again and again
        // until the watch, whose stream opens at some point, has seen one.
        let watching = ProcessOnThread(["watch", "--json", "--count", "1", "--seconds", "60", "--config", config])
        let token = try String(contentsOfFile: directory.path + "/state/api-token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let client = LoopbackHTTPClient(endpoint: .tcp(port: port), token: token)
        while !watching.isDone {
            let badge = try await client.request("POST", "/v1/simulate/badge", json: #"{"uid": "04A1B2C3", "present": true}"#)
            #expect(badge.status == 202, "\(badge.text)")
            _ = try await client.request("POST", "/v1/simulate/badge", json: #"{"uid": "04A1B2C3", "present": false}"#)
            try await Task.sleep(for: .milliseconds(200))
        }
        let watched = try #require(try watching.result())
        #expect(watched.status == 0, "stderr: \(watched.stderr)")
        let event = try JSONSerialization.jsonObject(with: Data(watched.stdout.split(separator: "\n").first.map(String.init)?.utf8 ?? "{}".utf8)) as? [String: Any]
        #expect(event?["source"] as? String == "daemon")
        #expect(["badge", "identified", "order-cancelled"].contains(event?["event"] as? String ?? ""), "a daemon event: \(watched.stdout)")

        let root = TemporaryDirectory(prefix: "kioskctl-daemon-root")  // keeps doctor off the machine's pcscd
        let doctor = try await kioskctl(["doctor", "--json", "--config", config, "--system-root", root.path])
        let check = try FakeKiosk.check(doctor.stdout, "daemon")
        #expect((check["evidence"] as? String)?.contains("kioskd 0.1.0 answers on unix:\(directory.path)/api.sock") == true, "\(check)")
        let statuses = try FakeKiosk.statuses(doctor.stdout)
        for id in ["config", "daemon", "printer-status", "state-directory", "outbox", "backend", "clock"] {
            let seen = try FakeKiosk.check(doctor.stdout, id)
            #expect(statuses[id] == "ok", "\(id) is fine on a kiosk in good order: \(seen)")
        }
        #expect(printer.printed.isEmpty, "doctor prints nothing")

        await kiosk.stop()
        let stopped = try await kioskctl(["status", "--config", config])
        #expect(stopped.status == 69, "\(stopped.stderr)")
    }

    @Test("doctor on this machine, with the daemon, pcscd and its reader in good order: no problem found, exit 0")
    func noProblem() async throws {
        let kiosk = try await GoodKiosk()
        #expect(kiosk.port != 0, "kioskd started: \(kiosk.daemon.lines)")
        // No --system-root: the machine's own pcscd (with the vpcd readers), /sys and /dev.
        let (human, json) = try await PCSCDHarness.withExclusiveAccess { _ in
            (try await kioskctl(["doctor", "--config", kiosk.config, "--user", "root"]),
             try await kioskctl(["doctor", "--json", "--config", kiosk.config, "--user", "root"]))
        }
        await kiosk.stop()
        #expect(human.status == 0, "\(human.stdout)")
        #expect(human.stdout.contains("\nno problem found"), "\(human.stdout)")
        #expect(!human.stdout.contains("[FAIL]"), "\(human.stdout)")
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["ok"] as? Bool == true, "\(json.stdout)")
        let statuses = try FakeKiosk.statuses(json.stdout)
        for id in ["config", "daemon", "pcscd", "pcsc-readers", "printer-status", "state-directory", "outbox", "backend"] {
            let seen = try FakeKiosk.check(json.stdout, id)
            #expect(statuses[id] == "ok", "\(id): \(seen)")
        }
        #expect(!statuses.values.contains("failed"), "\(statuses)")
    }
}


