import HTTPServer
import Testing

/// Parses `text` in one append and returns the first result.
private func parse(_ text: String, limits: HTTPParserLimits = HTTPParserLimits()) -> HTTPParseResult {
    var parser = HTTPRequestParser(limits: limits)
    parser.append(Array(text.utf8))
    return parser.nextRequest()
}

private func request(_ result: HTTPParseResult) -> HTTPRequest? {
    if case .request(let request) = result { return request }
    return nil
}

private func failure(_ result: HTTPParseResult) -> APIError? {
    if case .failure(let error) = result { return error }
    return nil
}

private func needsMore(_ result: HTTPParseResult) -> Bool {
    if case .needMoreData = result { return true }
    return false
}

@Suite("HTTPRequestParser")
struct HTTPRequestParserTests {
    @Test("a GET with a query is parsed into method, path, query and fields")
    func simpleGet() throws {
        let parsed = try #require(request(parse("GET /v1/orders/42?x=1&y=a%20b HTTP/1.1\r\nHost: 127.0.0.1:8765\r\nAccept: */*\r\n\r\n")))
        #expect(parsed.method == .get)
        #expect(parsed.path == "/v1/orders/42")
        #expect(parsed.pathSegments == ["v1", "orders", "42"])
        #expect(parsed.queryValue("y") == "a b", "query values are percent-decoded")
        #expect(parsed.headers["host"] == "127.0.0.1:8765", "field lookup ignores case")
        #expect(parsed.body.isEmpty)
        #expect(parsed.wantsKeepAlive, "HTTP/1.1 is keep-alive by default")
    }

    @Test("a POST with Content-Length carries exactly that many body bytes")
    func postWithBody() throws {
        let parsed = try #require(request(parse("POST /v1/orders HTTP/1.1\r\nHost: localhost:1\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"basket\":[]}")))
        #expect(parsed.bodyText == "{\"basket\":[]}")
        #expect(parsed.mediaType == "application/json")
    }

    @Test("a request fed one byte at a time yields the same request, once, at the last byte")
    func byteByByte() throws {
        let text = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
        var parser = HTTPRequestParser()
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() {
            parser.append([byte])
            let result = parser.nextRequest()
            if index < bytes.count - 1 {
                #expect(needsMore(result), "byte \(index) must not complete the request")
            } else {
                let parsed = try #require(request(result))
                #expect(parsed.bodyText == "hello")
                #expect(parsed.headers["Content-Length"] == "5")
            }
        }
    }

    @Test("pipelined requests in one read come out one by one, in order")
    func pipelining() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nPOST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nokGET /3 HTTP/1.1\r\nHo".utf8))
        #expect(request(parser.nextRequest())?.path == "/1")
        let second = try #require(request(parser.nextRequest()))
        #expect(second.path == "/2" && second.bodyText == "ok")
        #expect(needsMore(parser.nextRequest()), "the third request is incomplete")
        #expect(parser.hasPartialRequest)
        parser.append(Array("st: h\r\n\r\n".utf8))
        #expect(request(parser.nextRequest())?.path == "/3")
        #expect(!parser.hasPartialRequest)
    }

    @Test("an empty line before the request line is ignored (RFC 9112 §2.2)")
    func leadingEmptyLine() {
        #expect(request(parse("\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n"))?.path == "/")
    }

    @Test("a chunked body is reassembled; extensions and trailers are accepted")
    func chunkedBody() throws {
        let text = "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"
        let parsed = try #require(request(parse(text)))
        #expect(parsed.bodyText == "hello world")
    }

    @Test("Expect: 100-continue is reported once the head is complete and until the body is in")
    func expectContinue() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("POST /a HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n".utf8))
        #expect(needsMore(parser.nextRequest()) && !parser.isAwaitingContinue, "head not complete yet")
        parser.append(Array("\r\n".utf8))
        #expect(needsMore(parser.nextRequest()) && parser.isAwaitingContinue)
        parser.append(Array("ok".utf8))
        #expect(request(parser.nextRequest())?.bodyText == "ok")
        #expect(!parser.isAwaitingContinue)
    }

    @Test("HTTP/1.0 needs no Host and is not keep-alive unless asked")
    func http10() throws {
        let plain = try #require(request(parse("GET / HTTP/1.0\r\n\r\n")))
        #expect(plain.version == .http1_0 && !plain.wantsKeepAlive)
        let kept = try #require(request(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")))
        #expect(kept.wantsKeepAlive)
    }

    // MARK: Limits

    @Test("a request line over the limit is refused with 414, before its end arrives")
    func requestLineLimit() throws {
        let limits = HTTPParserLimits(maxRequestLineBytes: 64)
        let error = try #require(failure(parse("GET /" + String(repeating: "a", count: 100), limits: limits)))
        #expect(error.status.code == 414 && error.code == "uri-too-long")
        #expect(needsMore(parse("GET /" + String(repeating: "a", count: 40), limits: limits)), "under the limit: wait for more")
    }

    @Test("header fields over the byte limit are refused with 431, before the blank line")
    func headerBytesLimit() throws {
        let limits = HTTPParserLimits(maxHeaderBytes: 100)
        let error = try #require(failure(parse("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + String(repeating: "b", count: 200), limits: limits)))
        #expect(error.status.code == 431 && error.code == "headers-too-large")
    }

    @Test("more header fields than the count limit are refused with 431")
    func headerCountLimit() throws {
        let limits = HTTPParserLimits(maxHeaderCount: 5)
        var text = "GET / HTTP/1.1\r\nHost: h\r\n"
        for index in 0..<5 { text += "X-\(index): v\r\n" }
        let error = try #require(failure(parse(text + "\r\n", limits: limits)))
        #expect(error.status.code == 431)
        #expect(request(parse("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", limits: limits)) != nil, "5 fields are allowed")
    }

    @Test("a Content-Length over the body limit is refused with 413 before the body is read")
    func bodyLimitContentLength() throws {
        let limits = HTTPParserLimits(maxBodyBytes: 10)
        let error = try #require(failure(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", limits: limits)))
        #expect(error.status.code == 413 && error.code == "payload-too-large")
        #expect(request(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789", limits: limits)) != nil)
    }

    @Test("chunks adding up to more than the body limit are refused with 413")
    func bodyLimitChunked() throws {
        let limits = HTTPParserLimits(maxBodyBytes: 10)
        let error = try #require(failure(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n8\r\n", limits: limits)))
        #expect(error.status.code == 413)
    }

    @Test("trailers over the header limits are refused with 431")
    func trailerLimit() throws {
        let limits = HTTPParserLimits(maxHeaderCount: 2)
        let error = try #require(failure(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits: limits)))
        #expect(error.status.code == 431)
    }

    // MARK: Malformed input

    @Test("malformed request lines are refused with 400", arguments: [
        ("no target", "GET\r\n"),
        ("no version", "GET /\r\n"),
        ("double space", "GET  / HTTP/1.1\r\n"),
        ("trailing field", "GET / HTTP/1.1 extra\r\n"),
        ("version without minor", "GET / HTTP/1\r\n"),
        ("lower-case protocol", "GET / http/1.1\r\n"),
        ("method with a forbidden character", "GE@T / HTTP/1.1\r\n"),
        ("absolute-form target", "GET http://evil.example/ HTTP/1.1\r\n"),
        ("target with a DEL byte", "GET /\u{7f} HTTP/1.1\r\n"),
        ("fragment in the target", "GET /a#b HTTP/1.1\r\n"),
        ("asterisk outside OPTIONS", "GET * HTTP/1.1\r\n"),
        ("bare LF line ending", "GET / HTTP/1.1\n"),
        ("bare CR", "GET / HTTP/1.1\rX\r\n"),
        ("binary garbage", "\u{16}\u{03}\u{01}\u{02}\r\n"),
    ])
    func malformedRequestLine(name: String, line: String) throws {
        let error = try #require(failure(parse(line + "Host: h\r\n\r\n")), "\(name) must fail")
        #expect(error.status.code == 400, "\(name): expected 400, got \(error.status.code)")
        #expect(error.code == "bad-request")
    }

    @Test("binary noise (a TLS ClientHello) is refused at once, without waiting for a line end")
    func binaryNoiseFailsFast() throws {
        var parser = HTTPRequestParser()
        parser.append([0x16, 0x03, 0x01, 0x00, 0xa5])
        let error = try #require(failure(parser.nextRequest()))
        #expect(error.status.code == 400)
        #expect(needsMore(parse("GET /v1/ord")), "a valid prefix waits for more")
        #expect(needsMore(parse("GET / HTTP/1.1\r")), "a final CR may be half of CRLF")
    }

    @Test("the answer does not depend on how the bytes were split into reads", arguments: [
        "G@T /" + String(repeating: "a", count: 300) + " HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET /" + String(repeating: "a", count: 300) + "\u{01} HTTP/1.1\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX: " + String(repeating: "v", count: 600) + "\r\n\r\n",
        "GET / HTTP/1.1\rGET / HTTP/1.1\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX",
    ])
    func splitInvariance(text: String) throws {
        let limits = HTTPParserLimits(maxRequestLineBytes: 256, maxHeaderBytes: 512)
        let whole = try #require(failure(parse(text, limits: limits)))
        var parser = HTTPRequestParser(limits: limits)
        var split: APIError?
        for byte in text.utf8 where split == nil {
            parser.append([byte])
            split = failure(parser.nextRequest())
        }
        #expect(split?.status == whole.status, "byte by byte: \(String(describing: split)); in one read: \(whole)")
    }

    @Test("an HTTP major version other than 1 is refused with 505")
    func unsupportedVersion() throws {
        let error = try #require(failure(parse("GET / HTTP/2.0\r\nHost: h\r\n\r\n")))
        #expect(error.status.code == 505)
    }

    @Test("malformed or ambiguous header sections are refused with 400", arguments: [
        ("obsolete line folding", "GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n two\r\n\r\n"),
        ("space before the colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n"),
        ("field without colon", "GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n"),
        ("control character in a value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u{01}b\r\n\r\n"),
        ("NUL in a value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u{00}b\r\n\r\n"),
        ("bare LF between fields", "GET / HTTP/1.1\r\nHost: h\nX-A: b\r\n\r\n"),
        ("duplicate Content-Length, same value", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\na"),
        ("duplicate Content-Length, different values", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
        ("Content-Length list", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1, 1\r\n\r\na"),
        ("negative Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n"),
        ("Content-Length with a sign", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +1\r\n\r\na"),
        ("Content-Length and Transfer-Encoding", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("missing Host in HTTP/1.1", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n"),
        ("two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
        ("bad chunk size", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
        ("chunk without CRLF after data", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY"),
    ])
    func malformedHeaders(name: String, text: String) throws {
        let error = try #require(failure(parse(text)), "\(name) must fail")
        #expect(error.status.code == 400, "\(name): expected 400, got \(error.status.code)")
    }

    @Test("a transfer coding other than chunked is refused with 501", arguments: ["gzip", "gzip, chunked", "chunked, chunked", "identity"])
    func unsupportedTransferEncoding(coding: String) throws {
        let error = try #require(failure(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: \(coding)\r\n\r\n")))
        #expect(error.status.code == 501, "Transfer-Encoding: \(coding) → 501")
    }

    @Test("after a failure the parser stays failed, whatever comes next")
    func failureIsSticky() {
        var parser = HTTPRequestParser()
        parser.append(Array("BROKEN\r\n".utf8))
        #expect(failure(parser.nextRequest()) != nil)
        parser.append(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(failure(parser.nextRequest()) != nil, "no resynchronisation after garbage")
    }

    @Test("Connection: close ends keep-alive")
    func connectionClose() throws {
        let parsed = try #require(request(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n")))
        #expect(!parsed.wantsKeepAlive)
    }
}
