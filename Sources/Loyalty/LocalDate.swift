import Foundation

/// A calendar day in the store's time zone (no time, no zone): what a receipt prints as a date.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A day; the caller guarantees that it exists (see `StoreCalendar` for conversions).
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Whether `year` has a 29 February (Gregorian rule).
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's `days_from_civil`).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day with the given `dayNumber` (inverse of `dayNumber`).
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// The day `days` calendar days later (earlier when negative).
    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// The last day of this day's month.
    public var endOfMonth: LocalDate {
        let firstOfNext = month == 12 ? LocalDate(year: year + 1, month: 1, day: 1) : LocalDate(year: year, month: month + 1, day: 1)
        return firstOfNext.adding(days: -1)
    }

    /// ISO form `2026-03-29`.
    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }
}

/// Calendar arithmetic in the store's time zone: days start at local midnight, DST included.
///
/// Guarantees: "the next day" and "N days later" are counted in calendar days of `timeZone`,
/// so a day that is 23 or 25 hours long (DST change) still starts at 00:00 local.
public struct StoreCalendar: Sendable {
    /// The store's time zone (the config's `timeZone`, e.g. `Europe/Brussels`).
    public let timeZone: TimeZone
    private let calendar: Calendar

    /// A Gregorian calendar in `timeZone`.
    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// The local day containing `instant`.
    public func localDate(of instant: Date) -> LocalDate {
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// The instant of local midnight starting `date` (the first existing instant of that day).
    public func startOfDay(_ date: LocalDate) -> Date {
        let noon = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12))!
        return calendar.startOfDay(for: noon)
    }

    /// Whole calendar days from the local day of `earlier` to the local day of `later`.
    public func daysBetween(_ earlier: Date, _ later: Date) -> Int {
        localDate(of: later).dayNumber - localDate(of: earlier).dayNumber
    }
}
