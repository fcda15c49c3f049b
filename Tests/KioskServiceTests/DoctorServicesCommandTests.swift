import Foundation
import Glibc
import Storage
import Testing
import TestSupport

/// `kioskctl doctor` against prepared broken services: a configuration that does not load,
/// a printer on loopback answering paper out, a backend answering 401, an outbox with old
/// sales and dead letters, a daemon that runs or not, pcscd without a reader.
@Suite("kioskctl doctor: configuration, daemon, printer, backend, outbox")
struct DoctorServicesCommandTests {
    static let profile = #""profile": {"maker": "epson", "columns": 42, "codePage": "cp858"}"#

    @Test("a broken configuration is a failed config check naming the key path; the other checks still run")
    func brokenConfig() throws {
        let kiosk = try FakeKiosk()
        try kiosk.config(#""printer": {"transport": "tcp", "host": "127.0.0.1", "port": "9100", \#(Self.profile)}"#)
        let (result, statuses) = try kiosk.doctor()
        #expect(result.status == 1, "a failed check exits 1, not 78: stderr \(result.stderr)")
        #expect(statuses["config"] == "failed")
        let check = try FakeKiosk.check(result.stdout, "config")
        #expect((check["evidence"] as? String)?.contains("printer.port: expected an integer") == true, "\(check)")
        #expect((check["fix"] as? String)?.contains("kioskd --check-config --config") == true)
        #expect(statuses.count >= 12, "every other check ran: \(statuses.keys.sorted())")
    }

    @Test("the configuration's scanner paths are the ones checked")
    func scannerFromConfig() throws {
        let kiosk = try FakeKiosk()
        try kiosk.node("dev/kiosk/scanner-front", mode: 0o600, gid: 0)
        try kiosk.config(#""scanner": {"devices": [{"path": "/dev/kiosk/scanner-front"}]}"#)
        let (result, statuses) = try kiosk.doctor()
        #expect(statuses["config"] == "ok", "\(result.stdout)")
        #expect(statuses["scanner-access"] == "failed")
        let check = try FakeKiosk.check(result.stdout, "scanner-access")
        #expect((check["evidence"] as? String)?.contains("scanner-front is -rw------- uid 0 group root, not readable by kioskd") == true, "\(check)")
    }

    @Test("printer status over TCP", arguments: [
        (FakeEscPosPrinter.Condition.paperOut, "failed", "paper out", Optional("load a new paper roll")),
        (.coverOpen, "failed", "cover open", "close the printer cover"),
        (.paperNearEnd, "warning", "paper near end", "replace the paper roll soon"),
        (.ready, "ok", "answers: ready", nil),
        (.silent, "warning", "does not mean offline", "kioskctl print-test"),
    ])
    func printerStatus(condition: FakeEscPosPrinter.Condition, status: String, evidence: String, fix: String?) throws {
        let printer = try FakeEscPosPrinter.overTCP(condition: condition)
        defer { printer.stop() }
        let kiosk = try FakeKiosk()
        try kiosk.config(#""printer": {"transport": "tcp", "host": "127.0.0.1", "port": \#(printer.port), "statusTimeoutMilliseconds": 300, \#(Self.profile)}"#)
        let (result, statuses) = try kiosk.doctor()
        #expect(statuses["printer-status"] == status, "\(result.stdout)")
        let check = try FakeKiosk.check(result.stdout, "printer-status")
        #expect((check["evidence"] as? String)?.contains(evidence) == true, "\(check)")
        if let fix { #expect((check["fix"] as? String)?.contains(fix) == true, "\(check)") }
        #expect(printer.statusRequests.first == 1, "asked DLE EOT 1 first")
        #expect(printer.printed.isEmpty, "doctor prints nothing")
    }

    @Test("a serial printer (a pseudo-terminal) out of paper, from the configuration")
    func serialPaperOut() async throws {
        let printer = try FakeEscPosPrinter.overPseudoTerminal(condition: .paperOut)
        defer { printer.stop() }
        let kiosk = try FakeKiosk()
        let config = try kiosk.config(#""printer": {"transport": "serial", "device": "\#(printer.devicePath)", "baudRate": 19200, "flowControl": "none", "statusTimeoutMilliseconds": 300, \#(Self.profile)}"#)
        // A local printer is only asked on the kiosk itself (no --system-root): doctor then also
        // looks at the machine's pcscd, so it runs while no other test restarts pcscd.
        let result = try await PCSCDHarness.withExclusiveAccess { _ in
            try await offPool { try ProcessRunner.run(BuiltProducts.kioskctl, ["doctor", "--json", "--state-dir", kiosk.state.path, "--config", config]) }
        }
        let check = try FakeKiosk.check(result.stdout, "printer-status")
        #expect(check["status"] as? String == "failed", "\(result.stdout)")
        #expect((check["evidence"] as? String)?.contains("paper out") == true, "\(check)")
        #expect((check["evidence"] as? String)?.contains(printer.devicePath) == true, "names the device: \(check)")
        #expect((check["fix"] as? String)?.contains("load a new paper roll") == true, "\(check)")
        #expect(printer.statusRequests.first == 1, "asked DLE EOT 1 first")
        #expect(printer.printed.isEmpty, "doctor prints nothing")
        #expect(result.status == 1)
    }

    @Test("a printer nobody listens for is unreachable, with the IPAddressAllow fix; --printer overrides the config")
    func printerUnreachable() throws {
        let closed = try CannedHTTPServer(answer: .init(status: 200))
        let port = closed.port
        closed.stop()
        let kiosk = try FakeKiosk()
        let (result, statuses) = try kiosk.doctor(["--printer", "tcp://127.0.0.1:\(port)"])
        #expect(statuses["printer-status"] == "failed")
        let check = try FakeKiosk.check(result.stdout, "printer-status")
        #expect((check["evidence"] as? String)?.contains("Connection refused") == true, "\(check)")
        #expect((check["fix"] as? String)?.contains("IPAddressAllow=127.0.0.1") == true, "\(check)")
    }

    @Test("a backend answering 401: token rejected, replace the token file")
    func backendRejectsToken() throws {
        let backend = try CannedHTTPServer(answer: .init(status: 401, body: #"{"error": {"code": "unauthorized", "message": "bad token"}}"#))
        defer { backend.stop() }
        let kiosk = try FakeKiosk()
        try kiosk.root.write("etc/credstore/kioskd.backend-token", "stale-token-123\n")
        try kiosk.config(#""backend": {"url": "\#(backend.url.absoluteString)"}"#)
        let (result, statuses) = try kiosk.doctor()
        #expect(statuses["backend"] == "failed", "\(result.stdout)")
        let check = try FakeKiosk.check(result.stdout, "backend")
        #expect((check["evidence"] as? String)?.contains("token rejected") == true, "\(check)")
        #expect((check["evidence"] as? String)?.contains("HTTP 401") == true, "\(check)")
        #expect((check["fix"] as? String)?.contains("into \(kiosk.root.path)/etc/credstore/kioskd.backend-token") == true, "\(check)")
        let request = try #require(backend.requests.first)
        #expect(request.line.hasPrefix("GET /v1/accounts/card:299"), "\(request.line)")
        #expect(request.headers["authorization"] == "Bearer stale-token-123", "the token file's content is sent")
        #expect(!result.stdout.contains("stale-token-123"), "the token is never printed")
    }

    @Test("a backend that knows no such customer (404) accepted the token")
    func backendAccepts() throws {
        let backend = try CannedHTTPServer(answer: .init(status: 404, body: #"{"error": {"code": "unknown-credential", "message": "no account"}}"#))
        defer { backend.stop() }
        let kiosk = try FakeKiosk()
        let token = try kiosk.root.write("secrets/backend-token", "good-token\n")
        try kiosk.config(#""backend": {"url": "\#(backend.url.absoluteString)/", "tokenFile": "\#(token)"}"#)
        let (result, statuses) = try kiosk.doctor()
        #expect(statuses["backend"] == "ok", "\(result.stdout)")
        #expect(backend.requests.first?.headers["authorization"] == "Bearer good-token")
    }

    @Test("an unreachable backend names the firewall and IPAddressAllow")
    func backendUnreachable() throws {
        let closed = try CannedHTTPServer(answer: .init(status: 200))
        let port = closed.port
        closed.stop()
        let kiosk = try FakeKiosk()
        try kiosk.root.write("etc/credstore/kioskd.backend-token", "token\n")
        try kiosk.config(#""backend": {"url": "http://127.0.0.1:\#(port)"}"#)
        let (result, statuses) = try kiosk.doctor()
        #expect(statuses["backend"] == "failed")
        let check = try FakeKiosk.check(result.stdout, "backend")
        #expect((check["evidence"] as? String)?.contains("nothing accepts connections at 127.0.0.1:\(port)") == true, "\(check)")
        #expect((check["fix"] as? String)?.contains("IPAddressAllow=") == true, "\(check)")
    }

    @Test("a backend that never answers times out, naming the firewall", .timeLimit(.minutes(1)))
    func backendSilent() throws {
        let silent = try SilentListener()
        defer { silent.close() }
        let kiosk = try FakeKiosk()
        try kiosk.root.write("etc/credstore/kioskd.backend-token", "token\n")
        try kiosk.config(#""backend": {"url": "http://127.0.0.1:\#(silent.port)"}"#)
        let (result, statuses) = try kiosk.doctor()
        #expect(statuses["backend"] == "failed", "\(result.stdout)")
        let check = try FakeKiosk.check(result.stdout, "backend")
        #expect((check["evidence"] as? String)?.contains("no answer from 127.0.0.1:\(silent.port) within 3000 ms (packets dropped: a firewall, or no route)") == true, "\(check)")
        #expect((check["fix"] as? String)?.contains("IPAddressAllow=") == true, "\(check)")
        #expect((check["fix"] as? String)?.contains("firewall") == true, "\(check)")
    }

    @Test("a missing backend token file is named")
    func backendTokenMissing() throws {
        let kiosk = try FakeKiosk()
        try kiosk.config(#""backend": {"url": "http://127.0.0.1:1"}"#)
        let (result, statuses) = try kiosk.doctor()
        #expect(statuses["backend"] == "failed")
        let check = try FakeKiosk.check(result.stdout, "backend")
        #expect((check["evidence"] as? String)?.contains("kioskd.backend-token does not exist") == true, "\(check)")
    }

    @Test("an outbox with a two-hour-old sale and a dead letter is stuck")
    func outboxStuck() throws {
        let kiosk = try FakeKiosk()
        let twoHoursAgo = Date().addingTimeInterval(-2 * 3_600 - 60)
        do {
            let store = try KioskStore(stateDirectory: kiosk.state.path, now: { twoHoursAgo })
            for id in ["S-1", "S-2"] {
                _ = try store.commitClosedSale(SaleRecord(
                    saleId: id, kioskId: "kiosk-7", storeId: "store-3", closedAt: twoHoursAgo, accountId: nil,
                    totalCents: 1_240, payload: Array(#"{"saleId":"\#(id)"}"#.utf8)))
            }
            try store.outbox.recordOutcomes([.deadLetter(saleId: "S-2", httpStatus: 422, responseBody: [], reason: "422 invalid sale")])
        }
        let (result, statuses) = try kiosk.doctor()
        #expect(statuses["outbox"] == "failed", "\(result.stdout)")
        let check = try FakeKiosk.check(result.stdout, "outbox")
        #expect((check["evidence"] as? String)?.contains("1 sale(s) waiting, the oldest for 2 h 01 min, 1 dead letter(s)") == true, "\(check)")
        #expect((check["fix"] as? String)?.contains("kioskctl outbox retry") == true, "\(check)")
    }

    @Test("a fresh outbox is fine")
    func outboxFresh() throws {
        let kiosk = try FakeKiosk()
        do {
            let store = try KioskStore(stateDirectory: kiosk.state.path)
            _ = try store.commitClosedSale(SaleRecord(
                saleId: "S-1", kioskId: "kiosk-7", storeId: "store-3", closedAt: Date(), accountId: nil,
                totalCents: 100, payload: Array(#"{"saleId":"S-1"}"#.utf8)))
        }
        let (result, statuses) = try kiosk.doctor()
        #expect(statuses["outbox"] == "ok", "\(result.stdout)")
    }

    @Test("the daemon not running is named with how to start it")
    func daemonStopped() throws {
        let kiosk = try FakeKiosk()
        try kiosk.config()
        let (result, statuses) = try kiosk.doctor()
        #expect(statuses["daemon"] == "failed")
        let check = try FakeKiosk.check(result.stdout, "daemon")
        #expect((check["evidence"] as? String)?.contains("connect('127.0.0.1:1')") == true, "\(check)")
        #expect((check["fix"] as? String)?.contains("systemctl start kioskd") == true)
    }

    @Test("a running daemon answers on its unix socket; its devices' problems are shown")
    func daemonRunning() async throws {
        let kiosk = try FakeKiosk()
        let daemon = try DaemonStandIn(unixSocket: kiosk.root.path + "/run/kioskd/api.sock")
        daemon.board.update("badgeReader", .init(state: "connected", name: "Virtual PCD 00 00"))
        daemon.board.update("printer", .init(state: "paper-out", name: "tcp://10.0.0.5:9100", detail: "paper out on 'tcp://10.0.0.5:9100'"))
        try kiosk.config()
        let result = try await offPool { try kiosk.doctor() }
        await daemon.stop()
        #expect(result.1["daemon"] == "warning", "\(result.0.stdout)")
        let check = try FakeKiosk.check(result.0.stdout, "daemon")
        let evidence = check["evidence"] as? String ?? ""
        #expect(evidence.contains("answers on unix:\(kiosk.root.path)/run/kioskd/api.sock: status ok, simulation mode"), "\(evidence)")
        #expect(evidence.contains("printer paper-out (paper out on 'tcp://10.0.0.5:9100')"), "\(evidence)")
    }

    @Test("pcscd running without any reader is its own finding, with libccid and udev", .enabled(if: MountNamespace.available && FileManager.default.isExecutableFile(atPath: "/usr/sbin/pcscd")))
    func pcscdWithoutReader() throws {
        let kiosk = try FakeKiosk()
        let readers = TemporaryDirectory(prefix: "empty-reader-conf")
        // A private pcscd in its own mount namespace: its socket lives on a tmpfs over
        // /run/pcscd, so the machine's pcscd (and the vpcd readers other tests use) is untouched.
        let result = try MountNamespace.run("""
            mount -t tmpfs tmpfs /run/pcscd && \
            { /usr/sbin/pcscd --foreground -c '\(readers.path)' >/dev/null 2>&1 & pid=$!; } && \
            for i in $(seq 100); do [ -S /run/pcscd/pcscd.comm ] && break; sleep 0.05; done; \
            '\(BuiltProducts.kioskctl.path)' doctor --json --state-dir '\(kiosk.state.path)'; kill $pid
            """)
        let check = try FakeKiosk.check(result.stdout, "pcsc-readers")
        #expect(check["status"] as? String == "failed", "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect((check["evidence"] as? String)?.contains("pcscd is running but lists no reader") == true, "\(check)")
        #expect((check["fix"] as? String)?.contains("apt-get install libccid") == true)
        #expect((check["fix"] as? String)?.contains("udevadm trigger") == true)
    }

    @Test("the virtual reader with a card on it is listed as such")
    func readerWithCard() async throws {
        try await PCSCDHarness.withExclusiveAccess { _ in
            let card = try VirtualCard(uidHex: "04A1B2C3")
            defer { card.remove() }
            let kiosk = try FakeKiosk()
            let deadline = Date().addingTimeInterval(10)
            var evidence = ""
            repeat {
                let result = try await offPool { try ProcessRunner.run(BuiltProducts.kioskctl, ["doctor", "--json", "--state-dir", kiosk.state.path]) }
                let check = try FakeKiosk.check(result.stdout, "pcsc-readers")
                evidence = check["evidence"] as? String ?? ""
                #expect(check["status"] as? String == "ok", "\(check)")
            } while !evidence.contains("Virtual PCD 00 00: card present") && Date() < deadline
            #expect(evidence.contains("Virtual PCD 00 00: card present (ATR 3B 8F 80 01"), "\(evidence)")
            #expect(evidence.contains("Virtual PCD 00 01: no card"), "\(evidence)")
        }
    }
}

/// Runs blocking work (a child process) on a thread of its own, so a test never blocks one of
/// the cooperative pool's few threads while a server in the same process needs them.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// A loopback TCP port whose connections the kernel completes but nobody ever reads or
/// answers: a backend behind a firewall that drops the traffic after the handshake.
private final class SilentListener: @unchecked Sendable {
    let fd: Int32
    let port: UInt16

    init() throws {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) } }
        guard socketFD >= 0, bound == 0, listen(socketFD, 16) == 0 else {
            if socketFD >= 0 { _ = Glibc.close(socketFD) }
            throw POSIXError(.EADDRNOTAVAIL)
        }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) } }
        fd = socketFD
        port = UInt16(bigEndian: address.sin_port)
    }

    func close() { _ = Glibc.close(fd) }
}
