import Foundation

/// A JSON value together with its path, with typed accessors that fail with that path.
///
/// Every accessor throws `JSONDecodeError` whose message says what was expected and what
/// was found, so a decoder built on cursors names the exact key at fault.
public struct JSONCursor: Sendable {
    public let value: JSONValue
    public let path: JSONPath

    public init(_ value: JSONValue, path: JSONPath = .root) {
        self.value = value
        self.path = path
    }

    /// Parses `text` and returns a cursor on its root.
    /// - Throws: `JSONDecodeError` at the root carrying the syntax error's line and column.
    public static func parse(_ bytes: [UInt8], path: JSONPath = .root) throws -> JSONCursor {
        do {
            return JSONCursor(try JSONParser.parse(bytes), path: path)
        } catch let syntax as JSONSyntaxError {
            throw JSONDecodeError(path: path, message: "invalid JSON at \(syntax)")
        }
    }

    /// An error at this cursor's path.
    public func failure(_ message: String) -> JSONDecodeError {
        JSONDecodeError(path: path, message: message)
    }

    /// An error saying what was expected and what this value is.
    public func mismatch(_ expected: String) -> JSONDecodeError {
        failure("expected \(expected), got \(value.shortDescription)")
    }

    /// The value as a string.
    public func string(nonEmpty: Bool = false, maxLength: Int? = nil) throws -> String {
        guard case .string(let s) = value else { throw mismatch(nonEmpty ? "a non-empty string" : "a string") }
        if nonEmpty && s.isEmpty { throw mismatch("a non-empty string") }
        if let maxLength, s.count > maxLength { throw failure("expected at most \(maxLength) characters, got \(s.count)") }
        return s
    }

    /// The value as one of the listed strings (an enumeration).
    public func oneOf(_ allowed: [String]) throws -> String {
        let list = allowed.map { "\"\($0)\"" }.joined(separator: ", ")
        guard case .string(let s) = value, allowed.contains(s) else { throw mismatch("one of \(list)") }
        return s
    }

    /// The value as a boolean.
    public func bool() throws -> Bool {
        guard case .bool(let b) = value else { throw mismatch("true or false") }
        return b
    }

    /// The value as an integer within `range` (an integer-valued number without fraction).
    public func int(min: Int? = nil, max: Int? = nil) throws -> Int {
        let expected = Self.describe("an integer", min: min.map(String.init), max: max.map(String.init))
        guard case .number(let text) = value, let n = Int(text) else { throw mismatch(expected) }
        if let min, n < min { throw mismatch(expected) }
        if let max, n > max { throw mismatch(expected) }
        return n
    }

    /// The value as an exact decimal, parsed from the number's text (never through `Double`).
    public func decimal(min: Decimal? = nil, max: Decimal? = nil, minExclusive: Bool = false) throws -> Decimal {
        let minText = min.map { (minExclusive ? ">" : ">=") + " \($0)" }
        var expected = "a decimal number"
        if let minText { expected += " \(minText)" }
        if let max { expected += (minText == nil ? " " : " and ") + "<= \(max)" }
        guard case .number(let text) = value, let d = Self.exactDecimal(text) else { throw mismatch(expected) }
        if let min, minExclusive ? d <= min : d < min { throw mismatch(expected) }
        if let max, d > max { throw mismatch(expected) }
        return d
    }

    /// The value as an array of cursors, each carrying its index in the path.
    public func array(maxCount: Int? = nil) throws -> [JSONCursor] {
        guard case .array(let elements) = value else { throw mismatch("an array") }
        if let maxCount, elements.count > maxCount {
            throw failure("expected at most \(maxCount) elements, got \(elements.count)")
        }
        return elements.enumerated().map { JSONCursor($0.element, path: path.appending(index: $0.offset)) }
    }

    /// The value as an object whose keys must all be in `keys`.
    /// - Throws: `JSONDecodeError` at the first unknown key's path, listing the known keys.
    public func object(keys: [String]) throws -> JSONObjectCursor {
        guard case .object(let object) = value else { throw mismatch("an object") }
        for key in object.keys where !keys.contains(key) {
            let known = keys.sorted().joined(separator: ", ")
            throw JSONDecodeError(path: path.appending(key: key), message: "unknown key (known keys here: \(known))")
        }
        return JSONObjectCursor(object: object, path: path)
    }

    /// The value as an object with arbitrary keys (a map), each value as a cursor.
    public func map() throws -> [(key: String, value: JSONCursor)] {
        guard case .object(let object) = value else { throw mismatch("an object") }
        return object.members.map { ($0.key, JSONCursor($0.value, path: path.appending(key: $0.key))) }
    }

    static func describe(_ noun: String, min: String?, max: String?) -> String {
        switch (min, max) {
        case let (min?, max?): return "\(noun) between \(min) and \(max)"
        case let (min?, nil): return "\(noun) >= \(min)"
        case let (nil, max?): return "\(noun) <= \(max)"
        case (nil, nil): return noun
        }
    }

    /// Parses a JSON number literal into a `Decimal` from its digits (never through `Double`).
    public static func exactDecimal(_ text: String) -> Decimal? {
        guard !text.isEmpty, text.count <= 64 else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
}

/// The members of a JSON object whose keys were checked against a schema.
public struct JSONObjectCursor: Sendable {
    public let object: JSONObject
    public let path: JSONPath

    /// The member `key`, or nil when absent or `null`.
    public func optional(_ key: String) -> JSONCursor? {
        guard let value = object[key], value != .null else { return nil }
        return JSONCursor(value, path: path.appending(key: key))
    }

    /// The member `key`.
    /// - Throws: `JSONDecodeError` "missing required key" at the member's path.
    public func required(_ key: String) throws -> JSONCursor {
        guard let cursor = optional(key) else {
            throw JSONDecodeError(path: path.appending(key: key), message: "missing required key")
        }
        return cursor
    }

    /// Whether `key` is present (and not null).
    public func has(_ key: String) -> Bool { optional(key) != nil }
}
