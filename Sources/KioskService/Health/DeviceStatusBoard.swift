import StrictJSON
import Synchronization

/// What one device (badge reader, scanner, printer) is doing, as `/v1/health` shows it.
public struct DeviceStatus: Sendable, Equatable {
    /// `connected`, `disconnected`, `simulated`, `absent` (not configured), `error`, `paper-out`, …
    public var state: String
    /// The device's name or path (`Virtual PCD 00 00`, `/dev/kiosk/scanner-0`).
    public var name: String?
    /// The last problem, in words, when there is one.
    public var detail: String?

    public init(state: String, name: String? = nil, detail: String? = nil) {
        self.state = state
        self.name = name
        self.detail = detail
    }

    /// Whether the device can serve customers now.
    public var isUsable: Bool { state == "connected" || state == "simulated" }

    var json: JSONValue {
        var object = JSONObject([("state", .string(state))])
        if let name { object["name"] = .string(name) }
        if let detail { object["detail"] = .string(detail) }
        return .object(object)
    }
}

/// The devices' current states, updated by the device services and read by `/v1/health`;
/// each change is published as a `device` event.
public final class DeviceStatusBoard: Sendable {
    /// The device kinds, in the order health lists them.
    public static let kinds = ["badgeReader", "scanner", "printer"]

    private let states = Mutex<[String: DeviceStatus]>([:])
    private let events: any KioskEventSink

    /// A board where every kind starts `absent`.
    public init(events: any KioskEventSink) {
        self.events = events
        states.withLock { states in
            for kind in Self.kinds { states[kind] = DeviceStatus(state: "absent") }
        }
    }

    /// Records `status` for `kind`; publishes a `device` event when it changed.
    public func update(_ kind: String, _ status: DeviceStatus) {
        let changed = states.withLock { states in
            defer { states[kind] = status }
            return states[kind] != status
        }
        if changed {
            events.publish(.device(kind: kind, name: status.name ?? kind, state: status.state, detail: status.detail))
        }
    }

    /// The status of `kind`.
    public func status(_ kind: String) -> DeviceStatus {
        states.withLock { $0[kind] } ?? DeviceStatus(state: "absent")
    }

    /// Whether loyalty can work: a badge reader or a scanner is usable (DESIGN.md: without
    /// either, loyalty is unavailable on this kiosk).
    public var canIdentify: Bool {
        status("badgeReader").isUsable || status("scanner").isUsable
    }

    /// `{"badgeReader": {...}, "scanner": {...}, "printer": {...}}`.
    public var json: JSONValue {
        let snapshot = states.withLock { $0 }
        return .object(JSONObject(Self.kinds.map { ($0, snapshot[$0]?.json ?? ["state": "absent"]) }))
    }
}
