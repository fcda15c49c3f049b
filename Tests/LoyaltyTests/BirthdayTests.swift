import Foundation
import Testing
@testable import Loyalty

@Suite("Birthday")
struct BirthdayTests {
    static let leapling = Birthday(month: 2, day: 29, year: 2000)!

    @Test("29 February is celebrated on 28 February in a year without one", arguments: [
        (LocalDate(year: 2027, month: 2, day: 28), true), (LocalDate(year: 2027, month: 3, day: 1), false),
        (LocalDate(year: 2028, month: 2, day: 29), true), (LocalDate(year: 2028, month: 2, day: 28), false),
        (LocalDate(year: 2100, month: 2, day: 28), true),
    ])
    func leapDay(date: LocalDate, celebrated: Bool) {
        #expect(Self.leapling.isCelebrated(on: date) == celebrated, "\(date)")
    }

    @Test("an ordinary birthday is its own day only")
    func ordinary() {
        let birthday = Birthday(month: 7, day: 21)!
        #expect(birthday.isCelebrated(on: LocalDate(year: 2026, month: 7, day: 21)))
        #expect(!birthday.isCelebrated(on: LocalDate(year: 2026, month: 7, day: 22)))
    }

    @Test("invalid days are refused", arguments: [(2, 30), (13, 1), (4, 31), (0, 10)])
    func invalid(month: Int, day: Int) {
        #expect(Birthday(month: month, day: day) == nil)
    }
}
