import StrictJSON

/// A customer-facing language of the kiosk: French, Dutch or English (Belgium's trio).
public enum Language: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case fr, nl, en

    public var description: String { rawValue }

    /// Decodes `"fr"`, `"nl"` or `"en"`.
    /// - Throws: `JSONDecodeError` at the cursor's path for anything else.
    public static func decode(_ cursor: JSONCursor) throws -> Language {
        Language(rawValue: try cursor.oneOf(allCases.map(\.rawValue)))!
    }
}

/// A text in the three languages (tier names, reward names).
///
/// Guarantees: `text(in:)` always returns a string — a missing translation falls back to
/// English, then French, then Dutch.
public struct LocalizedText: Sendable, Hashable {
    /// The translations present, by language.
    public var translations: [Language: String]

    /// A text with one string per language given.
    public init(fr: String? = nil, nl: String? = nil, en: String? = nil) {
        var translations: [Language: String] = [:]
        translations[.fr] = fr
        translations[.nl] = nl
        translations[.en] = en
        self.translations = translations
    }

    /// The same string in every language (a brand name).
    public init(_ everywhere: String) { self.init(fr: everywhere, nl: everywhere, en: everywhere) }

    /// The text in `language`, or the first available fallback.
    public func text(in language: Language) -> String {
        translations[language] ?? translations[.en] ?? translations[.fr] ?? translations[.nl] ?? ""
    }

    /// Decodes either a plain string (same text in every language) or an object
    /// `{"fr": …, "nl": …, "en": …}` with at least one non-empty member.
    /// - Throws: `JSONDecodeError` naming the offending key.
    public static func decode(_ cursor: JSONCursor) throws -> LocalizedText {
        if case .string = cursor.value { return LocalizedText(try cursor.string(nonEmpty: true, maxLength: 80)) }
        let object = try cursor.object(keys: Language.allCases.map(\.rawValue))
        var text = LocalizedText()
        for language in Language.allCases {
            if let member = object.optional(language.rawValue) {
                text.translations[language] = try member.string(nonEmpty: true, maxLength: 80)
            }
        }
        if text.translations.isEmpty { throw cursor.mismatch("a text in at least one of fr, nl, en") }
        return text
    }

    /// `{"fr": …, "nl": …, "en": …}` with the translations present, in that order.
    public var json: JSONValue {
        .object(JSONObject(Language.allCases.compactMap { language in
            translations[language].map { (key: language.rawValue, value: JSONValue.string($0)) }
        }))
    }
}
