/// Serialises response heads and bodies, and the chunks of a streamed body.
enum HTTPResponseEncoder {
    /// The status line, header fields and (unless `omitBody`) body of `response`, framed with
    /// `Content-Length`. `keepAlive` decides the `Connection` field.
    static func encode(_ response: HTTPResponse, version: HTTPVersion, keepAlive: Bool, omitBody: Bool) -> [UInt8] {
        var headers = response.headers
        headers.remove("Content-Length")
        headers.remove("Transfer-Encoding")
        if response.status.code != 204 && response.status.code != 304 {
            headers.add("Content-Length", String(response.body.count))
        }
        var out = head(response.status, headers: headers, version: version, keepAlive: keepAlive)
        if !omitBody { out.append(contentsOf: response.body) }
        return out
    }

    /// The head of a streamed response: chunked for HTTP/1.1; for HTTP/1.0 the body is
    /// delimited by closing the connection.
    static func encodeStreamHead(_ response: HTTPResponse, version: HTTPVersion) -> [UInt8] {
        var headers = response.headers
        headers.remove("Content-Length")
        headers.remove("Transfer-Encoding")
        if version == .http1_1 { headers.add("Transfer-Encoding", "chunked") }
        return head(response.status, headers: headers, version: version, keepAlive: version == .http1_1)
    }

    /// One chunk of a chunked body (`hex-size CRLF data CRLF`); an empty `data` is never sent
    /// this way (it would end the body).
    static func chunk(_ data: [UInt8], chunked: Bool) -> [UInt8] {
        guard chunked else { return data }
        var out = Array(String(data.count, radix: 16).utf8)
        out.reserveCapacity(out.count + data.count + 4)
        out += [13, 10]
        out += data
        out += [13, 10]
        return out
    }

    /// The last chunk of a chunked body.
    static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    private static func head(_ status: HTTPStatus, headers: HTTPHeaders, version: HTTPVersion, keepAlive: Bool) -> [UInt8] {
        var headers = headers
        headers.remove("Connection")
        if !keepAlive {
            headers.add("Connection", "close")
        } else if version == .http1_0 {
            headers.add("Connection", "keep-alive")
        }
        if !headers.contains("Cache-Control") { headers.add("Cache-Control", "no-store") }
        if !headers.contains("X-Content-Type-Options") { headers.add("X-Content-Type-Options", "nosniff") }
        var text = "\(version == .http1_0 ? "HTTP/1.0" : "HTTP/1.1") \(status.code) \(status.reasonPhrase)\r\n"
        for field in headers {
            text += "\(field.name): \(sanitized(field.value))\r\n"
        }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// A header value with CR and LF removed, so no handler can split the response.
    private static func sanitized(_ value: String) -> String {
        value.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) ? value.filter { $0 != "\r" && $0 != "\n" && $0 != "\r\n" } : value
    }
}
