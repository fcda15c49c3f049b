import Foundation
import KioskService
import Testing

@Suite("HTTP Date header")
struct HTTPDateTests {
    @Test("RFC 9110's example parses to its instant and formats back")
    func example() throws {
        let date = try #require(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT"))
        #expect(date == Date(timeIntervalSince1970: 784_111_777))
        #expect(HTTPDate.format(date) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    @Test("what is not an IMF-fixdate is refused", arguments: [
        "", "yesterday", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Sun, 06 Nov 1994 08:49:37 +0100",
    ])
    func refused(text: String) {
        #expect(HTTPDate.parse(text) == nil, "\(text) is not accepted")
    }
}
