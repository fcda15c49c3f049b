import Storage
import StrictJSON

/// Builds the `/v1/health` answer: devices, backend, outbox depth, print queue, and whether
/// loyalty is available. It never includes customer data (no credential, account or sale).
public struct HealthReporter: Sendable {
    private let devices: DeviceStatusBoard
    private let store: KioskStore?
    private let executor: BlockingExecutor
    private let loyaltyConfigured: Bool
    private let mode: String
    private let backend: @Sendable () -> JSONValue

    /// - Parameters:
    ///   - loyaltyConfigured: whether a loyalty program is configured.
    ///   - mode: `simulation` or `hardware`.
    ///   - backend: the relay's current view of the backend (`{"state": "…"}`).
    public init(
        devices: DeviceStatusBoard, store: KioskStore?, executor: BlockingExecutor, loyaltyConfigured: Bool,
        mode: String, backend: @escaping @Sendable () -> JSONValue
    ) {
        self.devices = devices
        self.store = store
        self.executor = executor
        self.loyaltyConfigured = loyaltyConfigured
        self.mode = mode
        self.backend = backend
    }

    /// The health document, and whether everything needed to serve customers works.
    public func report() async -> (json: JSONValue, healthy: Bool) {
        var outbox: JSONValue = ["state": "unavailable"]
        var printQueue: JSONValue = ["state": "unavailable"]
        var storageOK = store == nil
        if let store {
            do {
                let (counts, printing) = try await executor.run { (try store.outbox.counts(), try store.printQueue.pendingCount()) }
                outbox = ["pending": .number(String(counts.pending)), "deadLetters": .number(String(counts.dead))]
                printQueue = ["pending": .number(String(printing))]
                storageOK = true
            } catch {
                outbox = ["state": "error", "detail": .string("\(error)")]
            }
        }
        let canIdentify = devices.canIdentify
        var loyalty = JSONObject([("available", .bool(loyaltyConfigured && canIdentify))])
        if !loyaltyConfigured {
            loyalty["reason"] = "no loyalty program configured"
        } else if !canIdentify {
            loyalty["reason"] = "no badge reader and no scanner present"
        }
        let healthy = storageOK
        let json: JSONValue = .object(JSONObject([
            ("status", .string(healthy ? "ok" : "degraded")),
            ("version", .string(KioskdVersion.current)),
            ("mode", .string(mode)),
            ("devices", devices.json),
            ("backend", backend()),
            ("outbox", outbox),
            ("printQueue", printQueue),
            ("loyalty", .object(loyalty)),
        ]))
        return (json, healthy)
    }
}
