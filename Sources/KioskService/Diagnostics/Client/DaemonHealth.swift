import StrictJSON

/// The daemon's `GET /v1/health` answer, read leniently: a field this version does not know
/// is kept in `json` and ignored; a missing one is nil.
public struct DaemonHealth: Sendable {
    /// One device line (`badgeReader`, `scanner`, `printer`).
    public struct Device: Sendable, Equatable {
        public var kind: String
        /// `connected`, `disconnected`, `simulated`, `absent`, `paper-out`, …
        public var state: String
        public var name: String?
        /// The device's last problem, when it has one.
        public var detail: String?
    }

    /// `ok` or `degraded`.
    public var status: String
    public var version: String?
    /// `simulation` or `hardware`.
    public var mode: String?
    public var uptimeSeconds: Int?
    public var devices: [Device]
    /// The relay's view of the backend (`state`, and a detail when it has one).
    public var backendState: String?
    public var backendDetail: String?
    public var outboxPending: Int?
    public var outboxDeadLetters: Int?
    public var printQueuePending: Int?
    public var loyaltyAvailable: Bool?
    public var loyaltyReason: String?
    /// The daemon's most recent error lines, newest last.
    public var lastErrors: [String]
    /// The whole answer, as sent.
    public var json: JSONValue

    /// Reads a health document; nil when `bytes` is not a JSON object.
    public static func parse(_ bytes: [UInt8]) -> DaemonHealth? {
        guard let root = try? JSONCursor.parse(bytes), case .object(let object) = root.value else { return nil }
        var health = DaemonHealth(
            status: string(object["status"]) ?? "unknown", version: string(object["version"]), mode: string(object["mode"]),
            uptimeSeconds: int(object["uptimeSeconds"]), devices: [], lastErrors: [], json: root.value)
        if case .object(let devices)? = object["devices"] {
            for (kind, value) in devices.members {
                guard case .object(let device) = value else { continue }
                health.devices.append(Device(
                    kind: kind, state: string(device["state"]) ?? "unknown", name: string(device["name"]),
                    detail: string(device["detail"])))
            }
        }
        if case .object(let backend)? = object["backend"] {
            health.backendState = string(backend["state"])
            health.backendDetail = string(backend["detail"]) ?? string(backend["lastError"]) ?? string(backend["reason"])
        }
        if case .object(let outbox)? = object["outbox"] {
            health.outboxPending = int(outbox["pending"])
            health.outboxDeadLetters = int(outbox["deadLetters"])
        }
        if case .object(let queue)? = object["printQueue"] { health.printQueuePending = int(queue["pending"]) }
        if case .object(let loyalty)? = object["loyalty"] {
            if case .bool(let available)? = loyalty["available"] { health.loyaltyAvailable = available }
            health.loyaltyReason = string(loyalty["reason"])
        }
        if case .array(let errors)? = object["lastErrors"] {
            health.lastErrors = errors.compactMap { error in
                if let text = string(error) { return text }
                guard case .object(let entry) = error else { return nil }
                let message = string(entry["message"]) ?? string(entry["error"]) ?? JSONWriter.string(error)
                return [string(entry["at"]), string(entry["source"])].compactMap { $0 }.joined(separator: " ") + (entry["at"] == nil && entry["source"] == nil ? "" : ": ") + message
            }
        }
        return health
    }

    private static func string(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }

    private static func int(_ value: JSONValue?) -> Int? {
        if case .number(let text)? = value { return Int(text) ?? Double(text).map { Int($0) } }
        return nil
    }
}
