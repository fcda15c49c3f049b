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
