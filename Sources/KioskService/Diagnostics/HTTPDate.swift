import Foundation

/// The `Date` header of an HTTP answer (RFC 9110 §5.6.7, IMF-fixdate):
/// `Sun, 06 Nov 1994 08:49:37 GMT`, always in GMT, English names.
public enum HTTPDate {
    /// The instant `text` names, or nil when it is not an IMF-fixdate (the obsolete RFC 850
    /// and asctime forms are not accepted: no current server sends them).
    public static func parse(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.date(from: text.trimmingCharacters(in: .whitespaces))
    }

    /// `date` as an IMF-fixdate.
    public static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
