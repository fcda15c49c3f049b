import StrictJSON

/// The outcome of one diagnostic check: a status, the evidence seen, and the fix to apply.
///
/// Evidence names what was looked at (a path, a driver, a status byte), so a technician can
/// verify it by hand; `fix` is a command to run or a file to edit, never a vague hint.
public struct DiagnosticResult: Sendable, Equatable {
    /// How a check came out.
    public enum Status: String, Sendable {
        case ok, warning, failed, skipped
    }

    /// Stable identifier, used by `--json` consumers (e.g. `pcscd`, `nfc-kernel-driver`).
    public let id: String
    /// What was checked, in a few words.
    public let title: String
    public let status: Status
    /// What was observed.
    public let evidence: String
    /// What to do about it; nil when nothing needs doing.
    public let fix: String?

    public init(id: String, title: String, status: Status, evidence: String, fix: String? = nil) {
        self.id = id
        self.title = title
        self.status = status
        self.evidence = evidence
        self.fix = fix
    }

    /// The result as a JSON object (`id`, `title`, `status`, `evidence`, `fix`).
    public var json: JSONValue {
        var object: JSONObject = JSONObject([
            (key: "id", value: .string(id)), (key: "title", value: .string(title)),
            (key: "status", value: .string(status.rawValue)), (key: "evidence", value: .string(evidence)),
        ])
        object["fix"] = fix.map(JSONValue.string) ?? .null
        return .object(object)
    }
}
