import Identity
import StrictJSON

/// An event published to the kiosk UI over Server-Sent Events (`GET /v1/events`).
///
/// `name` is the SSE `event:` field and `data` its JSON payload. Names are the contract of
/// DESIGN.md: `device`, `scan`, `badge`, `identified`, `confirmation-required`, `confirmed`,
/// `confirmation-failed`, `sale-closed`, `printed`, `print-failed` (plus `order-cancelled`).
public struct KioskEvent: Sendable, Equatable {
    /// The SSE event name.
    public let name: String
    /// The JSON payload.
    public let data: JSONValue

    public init(name: String, data: JSONValue) {
        self.name = name
        self.data = data
    }

    /// Every name a kiosk UI may subscribe to.
    public static let names = [
        "device", "scan", "badge", "identified", "confirmation-required", "confirmed", "confirmation-failed",
        "sale-closed", "printed", "print-failed", "order-cancelled",
    ]

    /// `identified`: the order belongs to `credential`.
    public static func identified(orderId: String, credential: Credential) -> KioskEvent {
        KioskEvent(name: "identified", data: ["orderId": .string(orderId), "credential": credential.json])
    }

    /// `confirmation-required`: scan the same credential again within `timeoutSeconds`.
    public static func confirmationRequired(orderId: String, credential: Credential, timeoutSeconds: Int) -> KioskEvent {
        KioskEvent(name: "confirmation-required", data: [
            "orderId": .string(orderId), "credential": credential.json, "timeoutSeconds": .number(String(timeoutSeconds)),
        ])
    }

    /// `confirmed`: the second scan matched; the sale will earn and redeem.
    public static func confirmed(orderId: String, credential: Credential) -> KioskEvent {
        KioskEvent(name: "confirmed", data: ["orderId": .string(orderId), "credential": credential.json])
    }

    /// `confirmation-failed`: `reason` is `mismatch` or `timeout`; `identityDropped` says the
    /// order goes on anonymously.
    public static func confirmationFailed(orderId: String, failure: DoubleScanConfirmation.Failure) -> KioskEvent {
        var data: JSONObject = JSONObject([
            ("orderId", .string(orderId)), ("reason", .string(failure.reason.rawValue)),
            ("mismatches", .number(String(failure.mismatches))), ("identityDropped", .bool(failure.identityDropped)),
        ])
        if let presented = failure.presented { data["presented"] = presented.json }
        return KioskEvent(name: "confirmation-failed", data: .object(data))
    }

    /// `sale-closed`: the sale is durable; carries the identity and the footer's lines (the
    /// loyalty summary, not the account).
    public static func saleClosed(orderId: String, answer: JSONValue) -> KioskEvent {
        var data = JSONObject([("orderId", .string(orderId))])
        if case .object(let closed) = answer {
            for key in ["saleId", "closedAt", "identity"] { if let value = closed[key] { data[key] = value } }
            if case .object(let loyalty)? = closed["loyalty"] {
                var summary = JSONObject()
                for key in ["eligibility", "earned", "footer"] { if let value = loyalty[key] { summary[key] = value } }
                if case .array(let created)? = loyalty["vouchersCreated"] { summary["vouchersCreated"] = .number(String(created.count)) }
                data["loyalty"] = .object(summary)
            }
            if let print = closed["print"] { data["print"] = print }
        }
        return KioskEvent(name: "sale-closed", data: .object(data))
    }

    /// `printed`: a print job reached the printer.
    public static func printed(jobId: Int64, saleId: String?, kind: String) -> KioskEvent {
        var data = JSONObject([("jobId", .number(String(jobId))), ("kind", .string(kind))])
        if let saleId { data["saleId"] = .string(saleId) }
        return KioskEvent(name: "printed", data: .object(data))
    }

    /// `print-failed`: a print job is held (paper out, cover open, offline…); it prints when the
    /// printer is back.
    public static func printFailed(jobId: Int64, saleId: String?, reason: String) -> KioskEvent {
        var data = JSONObject([("jobId", .number(String(jobId))), ("reason", .string(reason))])
        if let saleId { data["saleId"] = .string(saleId) }
        return KioskEvent(name: "print-failed", data: .object(data))
    }

    /// `order-cancelled`: the order was abandoned.
    public static func orderCancelled(orderId: String) -> KioskEvent {
        KioskEvent(name: "order-cancelled", data: ["orderId": .string(orderId)])
    }

    /// `badge`: a badge was placed on (or removed from) a reader.
    public static func badge(uid: CardUID, present: Bool, reader: String, orderId: String?, ignored: String? = nil) -> KioskEvent {
        var data = JSONObject([("uid", .string(uid.hex)), ("present", .bool(present)), ("reader", .string(reader))])
        if let orderId { data["orderId"] = .string(orderId) }
        if let ignored { data["ignored"] = .string(ignored) }
        return KioskEvent(name: "badge", data: .object(data))
    }

    /// `scan`: a barcode was read; `valid` is false for a misread (bad check digit, …).
    public static func scan(_ classification: ScanClassification, scanner: String, orderId: String?) -> KioskEvent {
        var data = JSONObject([("scanner", .string(scanner))])
        switch classification {
        case .credential(let credential):
            data["kind"] = "card"
            data["code"] = .string(credential.value)
            data["valid"] = true
        case .voucher(let code):
            data["kind"] = "voucher"
            data["code"] = .string(code.digits)
            data["valid"] = true
        case .unrecognised(let text):
            data["kind"] = "other"
            data["code"] = .string(text)
            data["valid"] = true
        case .invalid(let text, let reason):
            data["kind"] = "invalid"
            data["code"] = .string(text)
            data["valid"] = false
            data["reason"] = .string(reason.code)
            data["message"] = .string(reason.description)
        }
        if let orderId { data["orderId"] = .string(orderId) }
        return KioskEvent(name: "scan", data: .object(data))
    }

    /// `device`: a reader, scanner or printer changed state.
    public static func device(kind: String, name: String, state: String, detail: String? = nil) -> KioskEvent {
        var data = JSONObject([("device", .string(kind)), ("name", .string(name)), ("state", .string(state))])
        if let detail { data["detail"] = .string(detail) }
        return KioskEvent(name: "device", data: .object(data))
    }
}

extension Credential {
    /// `{"kind": "badge", "value": "04A1B2C3"}`.
    public var json: JSONValue { ["kind": .string(kind), "value": .string(value)] }
}

/// Where the service's events go (the SSE broadcaster in the daemon, a recorder in tests).
public protocol KioskEventSink: Sendable {
    /// Publishes one event; must not block.
    func publish(_ event: KioskEvent)
}
