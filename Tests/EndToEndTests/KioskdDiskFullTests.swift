import Foundation
import Glibc
import Synchronization
import Testing
import TestSupport

/// The real `kioskd` with its state directory on a small tmpfs (in a private mount namespace)
/// that fills up: closes fail with `507 storage-full` and write nothing, then succeed once space
/// is freed, and every sale reaches the backend exactly once.
@Suite("kioskd with its state directory full", .serialized, .enabled(if: MountNamespace.available, "needs unshare -m and tmpfs"))
struct KioskdDiskFullTests {
    @Test("closes answer 507 storage-full while the disk is full and commit nothing; once space is freed the same order closes, and every sale is relayed once")
    func diskFull() async throws {
        let directory = TemporaryDirectory(prefix: "kioskd-e2e-full")
        let state = directory.path + "/state"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let backend = try await LoopbackBackend.start(stateFile: directory.path + "/backend.jsonl")
        let backendToken = try directory.write("backend-token", backend.token + "\n")
        let config = try directory.write("kioskd.json", """
            {"kioskId":"kiosk-e2e","storeId":"store-e2e","timeZone":"Europe/Brussels","language":"en",
             \(SimulatedKiosk.pointsProgram),
             "stateDirectory":"\(state)",
             "api":{"listen":"127.0.0.1:0","unixSocket":"\(directory.path)/api.sock","tokenFile":"\(directory.path)/api-token"},
             "backend":{"url":"\(backend.url.absoluteString)","tokenFile":"\(backendToken)","outbox":{"retryInitialMs":20,"retryMaxMs":200}}}
            """)
        // kioskd replaces the shell inside the namespace, so its pid is the namespace's.
        let daemon = try NamespacedProcess(script: """
            mount -t tmpfs -o size=2m tmpfs '\(state)' && exec '\(BuiltProducts.kioskd.path)' --simulate --config '\(config)'
            """)
        defer { daemon.kill() }
        let line = try #require(await daemon.waitForLine(containing: "API listening on http://127.0.0.1:"), "kioskd started: \(daemon.lines)")
        let port = try #require(UInt16(line.components(separatedBy: "http://127.0.0.1:")[1].prefix { $0.isNumber }))
        let token = try String(contentsOfFile: directory.path + "/api-token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let api = LoopbackHTTPClient(endpoint: .tcp(port: port), token: token)
        let uid = "04D15C01"

        // A few sales while there is room.
        var answered: [String] = []
        for _ in 0..<3 {
            let (saleId, close) = try await Self.confirmedOrder(api, uid: uid)
            #expect(close.status == 200, "\(close.text)")
            answered.append(saleId)
        }

        // Fill the tmpfs. Closes may still fit in pages SQLite already holds; keep closing
        // until the disk refuses one.
        let fill = try daemon.inNamespace("cat /dev/zero > '\(state)/filler'; df -k '\(state)' | tail -1")
        #expect(fill.status == 0, "filled: \(fill.output)")
        var refused: (orderId: String, saleId: String, body: LoopbackHTTPResponse)?
        var fitted = 0
        for _ in 0..<200 where refused == nil {
            let (saleId, close, orderId) = try await Self.confirmedOrderKeepingRefusal(api, uid: uid)
            if close.status == 200 {
                answered.append(saleId)
                fitted += 1
            } else {
                refused = (orderId, saleId, close)
            }
        }
        let refusal = try #require(refused, "a close was refused while the disk was full")
        #expect(refusal.body.status == 507, "507 Insufficient Storage: \(refusal.body.text)")
        let error = refusal.body.json?["error"] as? [String: Any]
        #expect(error?["code"] as? String == "storage-full", "\(refusal.body.text)")
        #expect((error?["message"] as? String)?.contains("full") == true, "the message says the disk is full: \(refusal.body.text)")
        // Still full: the same close is refused again, and nothing of it was written.
        let again = try await api.request("POST", "/v1/orders/\(refusal.orderId)/close", json: Self.closeBody)
        #expect(again.status == 507, "refused again while full: \(again.text)")
        let counts = try daemon.inNamespace("""
            sqlite3 -readonly '\(state)/kioskd.sqlite' "SELECT (SELECT count(*) FROM sales), (SELECT count(*) FROM sales WHERE sale_id = '\(refusal.saleId)'), (SELECT count(*) FROM ledger_entries WHERE sale_id = '\(refusal.saleId)'), (SELECT count(*) FROM outbox WHERE sale_id = '\(refusal.saleId)')"
            """)
        #expect(counts.output.trimmingCharacters(in: .whitespacesAndNewlines) == "\(answered.count)|0|0|0",
                "only the answered sales are stored; nothing of the refused one: \(counts.output)")

        // Space freed: the refused order closes, and sales go on.
        let freed = try daemon.inNamespace("rm -f '\(state)/filler'")
        #expect(freed.status == 0)
        let retried = try await api.request("POST", "/v1/orders/\(refusal.orderId)/close", json: Self.closeBody)
        #expect(retried.status == 200, "the refused order closes once space is freed: \(retried.text)")
        answered.append(refusal.saleId)
        let (saleId, close) = try await Self.confirmedOrder(api, uid: uid)
        #expect(close.status == 200, "\(close.text)")
        answered.append(saleId)

        // Every answered sale reaches the backend once; the balance is the ledger's.
        try await SaleAudit.poll(timeout: .seconds(30)) {
            let health = try? await api.request("GET", "/v1/health")
            return ((health?.json?["outbox"] as? [String: Any])?["pending"] as? Int) == 0
        }
        let recorded = try await backend.recordedSales().map(\.saleId)
        #expect(recorded.sorted() == answered.sorted(), "the backend has exactly the answered sales")
        #expect(try await backend.stats().conflicts == 0)
        let health = try await api.request("GET", "/v1/health")
        #expect(health.status == 200, "kioskd is healthy after the disk filled up: \(health.text)")
        let integrity = try daemon.inNamespace("sqlite3 -readonly '\(state)/kioskd.sqlite' 'PRAGMA integrity_check'")
        #expect(integrity.output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
        let last = retried.json?["loyalty"] as? [String: Any]
        print("CHAOS disk-full: \(retried.status == 200 && refusal.body.status == 507 ? "ok" : "FAILED") — \(fitted) close(s) still fitted after the disk filled, then 507 storage-full twice with nothing written; the same order closed once space was freed; \(recorded.count) sales in the backend, once each (balance after: \(((last?["accountAfter"] as? [String: Any])?["balance"] as? Int).map(String.init) ?? "?"))")
        daemon.terminate()
        await backend.stop()
    }

    static let basket = #"{"lines":[{"sku":"COFFEE","name":"Coffee","family":"HOT","quantity":3,"unitPriceCents":410,"vatRate":6}]}"#
    static let closeBody = #"{"basket":\#(basket),"payments":[{"method":"card","amountCents":1230}]}"#

    /// Badge, checkout, badge off and on, close; returns the sale id and the close's answer.
    static func confirmedOrder(_ api: LoopbackHTTPClient, uid: String) async throws -> (String, LoopbackHTTPResponse) {
        let (saleId, close, _) = try await confirmedOrderKeepingRefusal(api, uid: uid)
        return (saleId, close)
    }

    static func confirmedOrderKeepingRefusal(_ api: LoopbackHTTPClient, uid: String) async throws -> (String, LoopbackHTTPResponse, String) {
        _ = try await api.request("POST", "/v1/simulate/badge", json: #"{"uid":"\#(uid)","present":true}"#)
        let current = try await api.request("GET", "/v1/orders/current")
        let orderId = try #require(current.json?["orderId"] as? String, "\(current.text)")
        let saleId = try #require(current.json?["saleId"] as? String)
        _ = try await api.request("POST", "/v1/orders/\(orderId)/checkout", json: #"{"basket":\#(basket)}"#)
        _ = try await api.request("POST", "/v1/simulate/badge", json: #"{"uid":"\#(uid)","present":false}"#)
        _ = try await api.request("POST", "/v1/simulate/badge", json: #"{"uid":"\#(uid)","present":true}"#)
        let close = try await api.request("POST", "/v1/orders/\(orderId)/close", json: closeBody)
        _ = try await api.request("POST", "/v1/simulate/badge", json: #"{"uid":"\#(uid)","present":false}"#)
        return (saleId, close, orderId)
    }
}

/// A process started by `unshare -m sh -c SCRIPT` (its own mount namespace), with its stderr
/// collected line by line, and commands run inside its namespace with `nsenter`.
final class NamespacedProcess: @unchecked Sendable {
    let process = Process()
    private let collected = Mutex<(lines: [String], partial: String)>(([], ""))

    init(script: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["-m", "sh", "-c", script]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = nil
        process.environment = environment
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let handle = pipe.fileHandleForReading
        let thread = Thread { [weak self] in
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                self?.collected.withLock { state in
                    var lines = (state.partial + String(decoding: data, as: UTF8.self)).components(separatedBy: "\n")
                    state.partial = lines.removeLast()
                    state.lines += lines
                }
            }
        }
        thread.start()
    }

    var lines: [String] { collected.withLock { $0.lines } }

    /// Waits for a stderr line containing `text`; nil after `timeout` or when the process ended.
    func waitForLine(containing text: String, timeout: Duration = .seconds(60)) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = lines.first(where: { $0.contains(text) }) { return line }
            if !process.isRunning { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Runs `script` with `sh -c` inside the process's mount namespace.
    func inNamespace(_ script: String) throws -> (status: Int32, output: String) {
        let result = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/nsenter"), ["-t", String(process.processIdentifier), "-m", "--", "sh", "-c", script])
        return (result.status, result.stdout + result.stderr)
    }

    /// SIGTERM, then waits (up to 10 s, then SIGKILL).
    func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        kill()
    }

    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
