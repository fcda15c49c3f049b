/// A JSON document as parsed, numbers kept as their exact source text.
///
/// Numbers are never routed through `Double`: a rate written `0.05` reaches the loyalty
/// engine as the decimal 0.05, not 0.05000000000000000277. Objects keep their key order
/// so that re-encoding is stable and error messages list keys as the author wrote them.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's literal text, validated against the JSON grammar (e.g. `"-12.50e1"`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A one-word name of the value's kind, used in error messages ("got a string").
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// A short rendering of the value for error messages: literals as written, containers by kind.
    public var shortDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let text): return text
        case .string(let s):
            let clipped = s.count > 40 ? String(s.prefix(40)) + "…" : s
            // Escaped as JSON so a value holding a newline or a control character never
            // splits an error message over several lines.
            let quoted = JSONWriter.string(.string(clipped))
            return quoted
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A JSON object with its members in source order. Duplicate keys are rejected by the parser.
public struct JSONObject: Sendable, Equatable {
    /// Members in the order they appeared (or were added).
    public private(set) var members: [(key: String, value: JSONValue)]

    public init(_ members: [(key: String, value: JSONValue)] = []) {
        self.members = members
    }

    /// The value for `key`, or nil when absent.
    public subscript(key: String) -> JSONValue? {
        get { members.first(where: { $0.key == key })?.value }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    /// Keys in order.
    public var keys: [String] { members.map(\.key) }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(String(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { (key: $0.0, value: $0.1) }))
    }
    public init(nilLiteral: ()) { self = .null }
}
