import Foundation
import Testing
@testable import Loyalty

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
