import HTTPServer

/// Fuzzes the HTTP request parser, the one parser facing the network.
///
/// Invariants: the same bytes give the same requests and the same final error whether they
/// arrive in one read or in reads of arbitrary sizes (the first input byte picks the split);
/// no request exceeds a limit; the parser never buffers much more than its limits allow; and
/// the security gate decides about every parsed request without trapping.
enum HTTPRequestFuzzTarget {
    static let limits = HTTPParserLimits(
        maxRequestLineBytes: 256, maxHeaderBytes: 512, maxHeaderCount: 8, maxBodyBytes: 512, maxChunkLineBytes: 32)
    static let gate = SecurityGate(policy: SecurityPolicy(allowedOrigins: ["http://127.0.0.1:8765"]),
                                   token: AccessToken("fuzz-token-0123456789")!)

    static let target = FuzzTarget(name: "http-request") { bytes in
        guard let first = bytes.first else { return }
        let input = Array(bytes.dropFirst())
        let whole = outcomes(input, splitEvery: input.count + 1)
        let split = outcomes(input, splitEvery: Int(first % 16) + 1)
        guard whole == split else {
            fatalError("HTTP parser results depend on read sizes: \(whole) vs \(split)")
        }
    }

    /// What parsing `input` in reads of `size` bytes produced: one line per request, then the
    /// failure status if any.
    static func outcomes(_ input: [UInt8], splitEvery size: Int) -> [String] {
        var parser = HTTPRequestParser(limits: limits)
        var results: [String] = []
        var offset = 0
        while offset < input.count {
            parser.append(input[offset..<min(offset + size, input.count)])
            offset += size
            parsing: while true {
                switch parser.nextRequest() {
                case .request(let request):
                    check(request)
                    results.append("\(request.method) \(request.target) \(request.version) \(request.headers.fields.map { "\($0.name)=\($0.value)" }) \(request.body)")
                case .needMoreData:
                    let bound = limits.maxRequestLineBytes + limits.maxHeaderBytes + limits.maxBodyBytes + size + 64
                    if parser.bufferedByteCount > bound * 2 {
                        fatalError("HTTP parser buffers \(parser.bufferedByteCount) bytes, beyond its limits")
                    }
                    break parsing
                case .failure(let error):
                    guard [400, 413, 414, 431, 501, 505].contains(error.status.code) else {
                        fatalError("unexpected parse status \(error.status)")
                    }
                    results.append("failure \(error.status.code)")
                    return results
                }
            }
        }
        return results
    }

    static func check(_ request: HTTPRequest) {
        guard request.body.count <= limits.maxBodyBytes, request.headers.count <= limits.maxHeaderCount,
              request.target.utf8.count <= limits.maxRequestLineBytes
        else { fatalError("a request beyond the limits was accepted: \(request.target)") }
        var routed = request
        routed.transport = .tcp(local: .loopbackIPv4(port: 8765), peer: nil)
        _ = gate.evaluate(routed)
        _ = routed.queryItems
        _ = routed.pathSegments
    }
}
