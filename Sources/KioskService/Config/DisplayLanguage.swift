import StrictJSON

/// A language the kiosk speaks to customers: receipts, the reference screen, voucher slips.
public enum DisplayLanguage: String, Sendable, CaseIterable {
    case fr, nl, en

    /// The codes accepted in the config (`"fr"`, `"nl"`, `"en"`).
    public static let codes = allCases.map(\.rawValue)

    /// Decodes a language code strictly.
    /// - Throws: `JSONDecodeError` listing the accepted codes.
    public static func decode(_ cursor: JSONCursor) throws -> DisplayLanguage {
        DisplayLanguage(rawValue: try cursor.oneOf(codes))!
    }
}
