import Foundation
import StrictJSON

/// Small builders for the JSON encoders of this module (internal).
enum JSONBuild {
    static func int(_ value: Int) -> JSONValue { .number(String(value)) }
    static func cents(_ value: Cents) -> JSONValue { .number(String(value.value)) }
    /// An exact decimal as a JSON number (`0.42`, `2`), never through `Double`.
    static func decimal(_ value: Decimal) -> JSONValue { .number(value.description) }
    static func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    static func instant(_ value: Date?) -> JSONValue { value.map(InstantText.json) ?? .null }
    static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject(members.map { (key: $0.0, value: $0.1) }))
    }
    /// An object without its null members.
    static func compact(_ members: [(String, JSONValue)]) -> JSONValue {
        object(members.filter { $0.1 != .null })
    }
}
