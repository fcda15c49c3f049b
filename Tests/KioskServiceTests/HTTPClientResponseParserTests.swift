import Testing
@testable import KioskService

@Suite("HTTPClientResponseParser")
struct HTTPClientResponseParserTests {
    /// Feeds `text` in pieces of `step` bytes and collects what came out.
    static func parse(_ text: String, step: Int, close: Bool = false) -> (status: Int?, body: String, ended: Bool, failure: String?) {
        var parser = HTTPClientResponseParser()
        let bytes = Array(text.utf8)
        var outputs: [HTTPClientResponseParser.Output] = []
        var index = 0
        while index < bytes.count {
            outputs += parser.feed(Array(bytes[index..<min(bytes.count, index + step)]))
            index += step
        }
        if close { outputs += parser.finish() }
        var status: Int?
        var body: [UInt8] = []
        var ended = false
        var failure: String?
        for output in outputs {
            switch output {
            case .head(let code, _): status = code
            case .body(let chunk): body += chunk
            case .end: ended = true
            case .failed(let reason): failure = reason
            }
        }
        return (status, String(decoding: body, as: UTF8.self), ended, failure)
    }

    @Test("Content-Length, chunked and until-close bodies, fed whole or a byte at a time", arguments: [1, 3, 1000])
    func framings(step: Int) {
        let sized = Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA", step: step)
        #expect(sized.status == 200 && sized.body == "hello" && sized.ended, "nothing past Content-Length is body")
        let chunked = Self.parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n", step: step)
        #expect(chunked.body == "hello, world" && chunked.ended)
        let untilClose = Self.parse("HTTP/1.0 503 Busy\r\n\r\nlater", step: step, close: true)
        #expect(untilClose.status == 503 && untilClose.body == "later" && untilClose.ended)
        let interim = Self.parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", step: step)
        #expect(interim.status == 204 && interim.ended, "a 1xx answer is skipped")
    }

    @Test("what is not an HTTP answer fails with a reason", arguments: [
        ("SSH-2.0-OpenSSH\r\n\r\n", "not an HTTP/1.x status line"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk size"),
        ("HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\n", "bad Content-Length"),
    ])
    func garbage(_ text: String, reason: String) {
        #expect(Self.parse(text, step: 7).failure?.contains(reason) == true)
    }

    @Test("a connection closed early is a failure, not a short body")
    func truncated() {
        #expect(Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", step: 4, close: true).failure?.contains("before the end of the response body") == true)
        #expect(Self.parse("", step: 1, close: true).failure == "the connection closed before any answer")
    }
}
