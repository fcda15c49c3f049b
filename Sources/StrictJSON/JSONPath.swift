/// The location of a value inside a JSON document, printed as `loyalty.tiers[1].threshold`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step down into a document.
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public private(set) var components: [Component]

    /// The document's root.
    public static let root = JSONPath(components: [])

    public init(components: [Component]) { self.components = components }

    /// A path starting at a named top-level key (e.g. `JSONPath("loyalty")`).
    public init(_ key: String) { self.components = [.key(key)] }

    /// This path followed by an object key.
    public func appending(key: String) -> JSONPath { JSONPath(components: components + [.key(key)]) }

    /// This path followed by an array index.
    public func appending(index: Int) -> JSONPath { JSONPath(components: components + [.index(index)]) }

    static func isPlainName(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F || byte == 0x2D
        }
    }

    /// `loyalty.tiers[1].threshold`; the root alone prints as `(root)`.
    public var description: String {
        if components.isEmpty { return "(root)" }
        var text = ""
        for component in components {
            switch component {
            case .key(let key) where Self.isPlainName(key):
                if !text.isEmpty { text += "." }
                text += key
            case .key(let key):
                // A key that is not a plain name prints JSON-escaped in brackets, so a key
                // holding a dot, a bracket or a newline cannot forge or split a path.
                text += "[" + JSONWriter.string(.string(key)) + "]"
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}

/// A value that did not match what the schema expects, with the key path of the value.
///
/// Prints as one line: `loyalty.tiers[1].threshold: expected an integer >= 0, got "five"`.
public struct JSONDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: JSONPath
    public let message: String

    public init(path: JSONPath, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
