import Foundation
import Testing
@testable import Loyalty

@Suite("InstantText")
struct InstantTextTests {
    @Test("parses instants with a zone", arguments: [
        ("2026-03-28T23:58:00+01:00", 1_774_738_680.0), ("2026-03-28T22:58:00Z", 1_774_738_680.0),
        ("2026-03-28T22:58:00.5Z", 1_774_738_680.5), ("1970-01-01T00:00:00Z", 0.0), ("2028-02-29T12:00:00-05:30", 1_835_458_200.0),
    ])
    func parse(text: String, seconds: Double) {
        #expect(InstantText.parse(text)?.timeIntervalSince1970 == seconds, "\(text)")
    }

    @Test("refuses text without a zone or with impossible dates", arguments: [
        "2026-03-28T23:58:00", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-03-28 23:58:00Z", "2026-03-28T24:00:00Z", "yesterday", "",
    ])
    func refuses(text: String) {
        #expect(InstantText.parse(text) == nil, "\(text)")
    }

    @Test("formats in UTC with Z, milliseconds only when present; parse(format(x)) == x", arguments: [0.0, 1_774_738_680.0, 1_774_738_680.25, -86_400.0])
    func roundTrip(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(InstantText.parse(InstantText.format(date)) == date)
    }

    @Test("format examples")
    func format() {
        #expect(InstantText.format(Date(timeIntervalSince1970: 1_774_738_680)) == "2026-03-28T22:58:00Z")
        #expect(InstantText.format(Date(timeIntervalSince1970: 1_774_738_680.25)) == "2026-03-28T22:58:00.250Z")
    }
}

@Suite("LocalDate and StoreCalendar")
struct LocalDateTests {
    @Test("day numbers round-trip and step over month, year and leap days", arguments: [
        (LocalDate(year: 2026, month: 3, day: 28), 1, LocalDate(year: 2026, month: 3, day: 29)),
        (LocalDate(year: 2026, month: 3, day: 29), 29, LocalDate(year: 2026, month: 4, day: 27)),
        (LocalDate(year: 2028, month: 2, day: 28), 1, LocalDate(year: 2028, month: 2, day: 29)),
        (LocalDate(year: 2027, month: 2, day: 28), 1, LocalDate(year: 2027, month: 3, day: 1)),
        (LocalDate(year: 2026, month: 12, day: 31), 1, LocalDate(year: 2027, month: 1, day: 1)),
        (LocalDate(year: 1970, month: 1, day: 1), -1, LocalDate(year: 1969, month: 12, day: 31)),
    ])
    func adding(date: LocalDate, days: Int, expected: LocalDate) {
        #expect(date.adding(days: days) == expected)
        #expect(LocalDate(dayNumber: date.dayNumber) == date)
    }

    @Test("local midnight in Brussels across DST", arguments: [
        (LocalDate(year: 2026, month: 3, day: 29), "2026-03-28T23:00:00Z"),
        (LocalDate(year: 2026, month: 3, day: 30), "2026-03-29T22:00:00Z"),
        (LocalDate(year: 2026, month: 10, day: 25), "2026-10-24T22:00:00Z"),
        (LocalDate(year: 2026, month: 10, day: 26), "2026-10-25T23:00:00Z"),
    ])
    func midnight(date: LocalDate, instant: String) {
        #expect(StoreCalendar(timeZone: Fixture.brussels).startOfDay(date) == Fixture.instant(instant))
    }
}
