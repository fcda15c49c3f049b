import Foundation
import StrictJSON

/// RFC 3339 / ISO 8601 instants as JSON text: `2026-03-28T22:58:00Z`, `2026-03-28T23:58:00+01:00`.
///
/// Guarantees: parsing requires a date, a time and a zone (`Z` or `±HH:MM`); formatting always
/// writes UTC with `Z` and milliseconds only when the instant has some, so a formatted instant
/// parses back to the same millisecond. No formatter object, no locale, no global state.
public enum InstantText {
    /// Parses an instant with an explicit zone, or nil.
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var value = 0
            for byte in b[at..<at + count] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard b.count >= 20, let year = digits(0, 4), b[4] == 0x2D, let month = digits(5, 2), b[7] == 0x2D,
            let day = digits(8, 2), b[10] == 0x54 || b[10] == 0x74, let hour = digits(11, 2), b[13] == 0x3A,
            let minute = digits(14, 2), b[16] == 0x3A, let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60, second < 60 else {
            return nil
        }
        var index = 19
        var fraction: Decimal = 0
        if index < b.count, b[index] == 0x2E {
            index += 1
            var scale: Decimal = 1
            let start = index
            while index < b.count, b[index] >= 0x30, b[index] <= 0x39, index - start < 9 {
                scale /= 10
                fraction += Decimal(Int(b[index] - 0x30)) * scale
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < b.count else { return nil }
        var offsetSeconds = 0
        if b[index] == 0x5A || b[index] == 0x7A {
            index += 1
        } else if b[index] == 0x2B || b[index] == 0x2D {
            guard let oh = digits(index + 1, 2), index + 3 < b.count, b[index + 3] == 0x3A, let om = digits(index + 4, 2),
                oh < 24, om < 60
            else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (b[index] == 0x2D ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == b.count else { return nil }
        let days = LocalDate(year: year, month: month, day: day).dayNumber
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        let millis = DecimalRounding.halfUp(fraction * 1000)
        return Date(timeIntervalSince1970: Double(seconds) + Double(millis) / 1000)
    }

    /// `2026-03-28T22:58:00Z` (UTC), with `.123` milliseconds when not a whole second.
    public static func format(_ instant: Date) -> String {
        let totalMillis = Int((instant.timeIntervalSince1970 * 1000).rounded())
        let millis = ((totalMillis % 1000) + 1000) % 1000
        let totalSeconds = (totalMillis - millis) / 1000
        let secondsOfDay = ((totalSeconds % 86_400) + 86_400) % 86_400
        let date = LocalDate(dayNumber: (totalSeconds - secondsOfDay) / 86_400)
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", date.year, date.month, date.day,
            secondsOfDay / 3600, secondsOfDay % 3600 / 60, secondsOfDay % 60)
        if millis != 0 { text += String(format: ".%03d", millis) }
        return text + "Z"
    }

    /// Decodes a JSON string holding an instant with its zone.
    /// - Throws: `JSONDecodeError` at the cursor's path.
    public static func decode(_ cursor: JSONCursor) throws -> Date {
        guard case .string(let text) = cursor.value, let date = parse(text) else {
            throw cursor.mismatch("an ISO 8601 instant with a zone (2026-03-28T23:58:00+01:00)")
        }
        return date
    }

    /// The instant as a JSON string.
    public static func json(_ instant: Date) -> JSONValue { .string(format(instant)) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return LocalDate.isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
