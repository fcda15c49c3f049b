import HTTPServer
import Testing

private let token = AccessToken("0123456789abcdef0123456789abcdef")!

@Suite("AccessToken")
struct AccessTokenTests {
    @Test("a token file's trailing newline is ignored; short or spaced tokens are rejected")
    func parsing() {
        #expect(AccessToken("0123456789abcdef\n")?.matches("0123456789abcdef") == true)
        #expect(AccessToken("short") == nil)
        #expect(AccessToken("0123456789 abcdef") == nil)
    }

    @Test("generated tokens are 64 hex digits and differ")
    func generation() {
        let a = AccessToken.generate(), b = AccessToken.generate()
        #expect(a.text.count == 64 && a.text.allSatisfy(\.isHexDigit))
        #expect(a.text != b.text)
        #expect(a.matches(a.text) && !a.matches(b.text))
    }

    @Test("a token never prints")
    func redacted() {
        #expect("\(token)" == "AccessToken(redacted)")
    }
}
