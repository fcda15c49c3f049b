import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP store backend on 127.0.0.1 (an ephemeral port), for tests of the relay, the
/// service, the end-to-end and chaos suites.
///
/// It runs `Resources/loopback-backend.py` with Debian's `/usr/bin/python3` (stdlib only) and
/// implements `docs/backend-api.yaml`: permanent `Idempotency-Key` on sales (replay → 200 with
/// the original answer, same key + other body → 422), accounts by credential, single-use
/// voucher redemption, bearer auth. Everything it records is appended to `stateFile` and
/// replayed on start, so `restart()` (same port, same state) models a backend that went down
/// and came back. Faults are injected with `setFaults(_:)`.
public final class LoopbackBackend: @unchecked Sendable {
    /// A fault the backend injects into matching requests.
    public struct Fault: Sendable, Encodable {
        /// `503`, `500`, `400`, `401`, `409`, `422`, `hang`, `reset`, `garbage` (non-HTTP bytes),
        /// `garbage200` (a 200 with an HTML page), `slow` (0.5 s delay, then normal).
        public var fault: String
        /// How many requests get it; nil = until cleared.
        public var count: Int?
        /// Only requests whose path starts with this (nil = all API paths).
        public var path: String?
        /// Record the sale first, then fail: the backend has it but the kiosk never hears so.
        public var afterRecord: Bool

        public init(_ fault: String, count: Int? = nil, path: String? = nil, afterRecord: Bool = false) {
            self.fault = fault
            self.count = count
            self.path = path
            self.afterRecord = afterRecord
        }
    }

    /// The backend's counters.
    public struct Stats: Sendable, Decodable, Equatable {
        /// `POST /v1/sales` requests received (including faulted and replayed ones).
        public let salePosts: Int
        /// Sales recorded for the first time.
        public let recorded: Int
        /// Repeats of a recorded key with the same body (answered with the original result).
        public let replays: Int
        /// Repeats of a recorded key with a different body (answered 422).
        public let conflicts: Int
        public let faultsServed: Int
        public let unauthorized: Int
        public let accountLookups: Int
        public let redemptions: Int
        /// `POST /v1/vouchers/{code}/release` requests answered (after auth).
        public let releases: Int
        /// Distinct sale ids recorded (across restarts).
        public let distinct: Int
    }

    /// A sale as the backend recorded it.
    public struct RecordedSale: Sendable, Decodable, Equatable {
        public let saleId: String
        /// The request body, as received.
        public let body: String
        /// Same-body repeats since this backend process started.
        public let replays: Int
    }

    /// The bearer token the backend expects.
    public let token: String
    /// The JSON-lines file holding what the backend recorded.
    public let stateFile: String
    /// The port it listens on (chosen by the kernel at first start, kept across restarts).
    public private(set) var port: Int = 0
    private var process: Process?
    private let lock = NSLock()

    /// The base URL to configure as `backend.url`.
    public var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Starts a backend recording into `stateFile` (created if missing). Blocks while python3
    /// starts: from async code use `LoopbackBackend.start(stateFile:token:)`.
    /// - Throws: when python3 cannot start or does not report its port within 10 s.
    public init(stateFile: String, token: String = "test-token-" + UUID().uuidString) throws {
        self.stateFile = stateFile
        self.token = token
        try start(port: 0)
    }

    /// Starts a backend without blocking the cooperative thread pool.
    public static func start(stateFile: String, token: String = "test-token-" + UUID().uuidString) async throws -> LoopbackBackend {
        try await offPool { try LoopbackBackend(stateFile: stateFile, token: token) }
    }

    /// Ends the process without waiting for it (deinit may run on a cooperative-pool thread).
    deinit {
        if let process, process.isRunning { process.terminate() }
    }

    /// The script's path inside the test-support bundle.
    public static var scriptPath: String {
        Bundle.module.path(forResource: "loopback-backend", ofType: "py")
            ?? BuiltProducts.packageRoot.appendingPathComponent("Tests/TestSupport/Resources/loopback-backend.py").path
    }

    private func start(port requested: Int) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Self.scriptPath, "--state", stateFile, "--token", token, "--port", String(requested)]
        let stdout = Pipe()
        process.standardOutput = stdout
        _ = FileManager.default.createFile(atPath: stateFile + ".stderr", contents: nil)
        process.standardError = FileHandle(forWritingAtPath: stateFile + ".stderr")
        try process.run()
        var line = Data()
        let deadline = Date().addingTimeInterval(10)
        while !line.contains(0x0A) && Date() < deadline {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }  // EOF: the script died
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening "), let port = Int(text.dropFirst("listening ".count).prefix { $0.isNumber }) else {
            process.terminate()
            let stderr = (try? String(contentsOfFile: stateFile + ".stderr", encoding: .utf8)) ?? ""
            throw LoopbackBackendError("loopback backend did not start: \(text.isEmpty ? "no output" : text) \(stderr)")
        }
        lock.withLock {
            self.port = port
            self.process = process
        }
    }

    /// Stops the backend (SIGTERM) and waits for it: connections are refused until `restart()`.
    public func stop() async {
        _ = try? await offPool { self.stopNow() }
    }

    /// Kills the backend with SIGKILL (nothing flushed beyond what it already wrote).
    public func kill() async {
        _ = try? await offPool { self.killNow() }
    }

    /// Starts the backend again on the same port with the same recorded state.
    /// - Throws: when the port cannot be bound again within 5 s.
    public func restart() async throws {
        try await offPool { try self.restartNow() }
    }

    /// `stop()`, blocking the calling thread.
    public func stopNow() {
        guard let process = lock.withLock({ () -> Process? in defer { self.process = nil }; return self.process }) else { return }
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// `kill()`, blocking the calling thread.
    public func killNow() {
        guard let process = lock.withLock({ () -> Process? in defer { self.process = nil }; return self.process }) else { return }
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// `restart()`, blocking the calling thread.
    public func restartNow() throws {
        stopNow()
        var lastError: (any Error)?
        for _ in 0..<50 {
            do { return try start(port: port) } catch { lastError = error }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw lastError ?? LoopbackBackendError("restart failed")
    }

    // MARK: control

    /// Replaces the injected faults (applied in order, first match wins).
    public func setFaults(_ faults: [Fault]) async throws {
        struct Body: Encodable { let faults: [Fault] }
        _ = try await control("POST", "/_control/faults", body: try JSONEncoder().encode(Body(faults: faults)))
    }

    /// Clears all faults and releases hung requests.
    public func clearFaults() async throws {
        _ = try await control("DELETE", "/_control/faults")
    }

    /// The backend's counters.
    public func stats() async throws -> Stats {
        try JSONDecoder().decode(Stats.self, from: try await control("GET", "/_control/stats"))
    }

    /// Every sale recorded, in recording order (across restarts).
    public func recordedSales() async throws -> [RecordedSale] {
        struct Body: Decodable { let sales: [RecordedSale] }
        return try JSONDecoder().decode(Body.self, from: try await control("GET", "/_control/sales")).sales
    }

    /// Adds an account document (JSON with `id` and `credentials`).
    public func addAccount(_ json: String) async throws {
        _ = try await control("POST", "/_control/accounts", body: Data(json.utf8))
    }

    /// Adds an active voucher.
    public func addVoucher(code: String, accountId: String, valueCents: Int) async throws {
        let json = #"{"code":"\#(code)","accountId":"\#(accountId)","valueCents":\#(valueCents)}"#
        _ = try await control("POST", "/_control/vouchers", body: Data(json.utf8))
    }

    /// A voucher as the backend holds it: `status` (`active`, `redeemed`) and `key`, the
    /// Idempotency-Key of the standing redemption; nil for an unknown code.
    public struct VoucherState: Sendable, Decodable, Equatable {
        public let code: String
        public let status: String
        public let key: String?
    }

    /// The backend's state of voucher `code`.
    public func voucher(code: String) async throws -> VoucherState? {
        do {
            return try JSONDecoder().decode(VoucherState.self, from: try await control("GET", "_control/vouchers/" + code))
        } catch is LoopbackBackendError {
            return nil
        }
    }

    private func control(_ method: String, _ path: String, body: Data? = nil) async throws -> Data {
        var request = URLRequest(url: url.appendingPathComponent(path), timeoutInterval: 10)
        request.httpMethod = method
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw LoopbackBackendError("\(method) \(path): \(String(decoding: data, as: UTF8.self))")
        }
        return data
    }
}

/// The loopback backend failed to start or to answer a control request.
public struct LoopbackBackendError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
