import StrictJSON

/// The fields the daemon needs from a backend account document; the document itself is kept
/// byte for byte in the cache, so fields added by the backend survive untouched.
public struct AccountDocument: Sendable, Equatable {
    /// The account id (`id`).
    public let accountId: String
    /// The credentials bound to the account (`credentials`, may be absent).
    public let credentials: [String]
    /// The JSON as received.
    public let bytes: [UInt8]

    /// Reads `id` and `credentials` from an account document; other fields are ignored
    /// (the backend may add fields without breaking kiosks).
    /// - Throws: `JSONDecodeError` naming the offending key path.
    public static func parse(_ bytes: [UInt8], path: JSONPath = .root) throws -> AccountDocument {
        try parse(JSONCursor.parse(bytes, path: path), bytes: bytes)
    }

    /// Reads an account document from an already parsed value (e.g. the `account` member of a
    /// sale answer); `bytes` is re-encoded from it.
    public static func parse(_ cursor: JSONCursor) throws -> AccountDocument {
        try parse(cursor, bytes: Array(JSONWriter.string(cursor.value).utf8))
    }

    private static func parse(_ cursor: JSONCursor, bytes: [UInt8]) throws -> AccountDocument {
        let object = try cursor.object(keys: cursor.memberKeys)
        let id = try object.required("id").string(nonEmpty: true, maxLength: 128)
        let credentials = try object.optional("credentials")?.array(maxCount: 64).map { try $0.string(nonEmpty: true, maxLength: 128) } ?? []
        return AccountDocument(accountId: id, credentials: credentials, bytes: bytes)
    }
}

extension JSONCursor {
    /// The keys of an object value (empty otherwise): accepting every key of a document the
    /// backend owns.
    var memberKeys: [String] {
        if case .object(let object) = value { return object.keys }
        return []
    }
}
