import StrictJSON

/// An error answered to the client as `{"error": {"code": "...", "message": "..."}}`.
///
/// The `code` is a stable, kebab-case identifier a UI can switch on; the `message` is for
/// humans and may change. The parser, the security gate and the service's routes all answer
/// errors through this one type, so every error body has the same shape.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 4xx/5xx status to answer with.
    public var status: HTTPStatus
    /// Stable machine-readable code (`unauthorized`, `payload-too-large`, …).
    public var code: String
    /// Human-readable explanation.
    public var message: String
    /// Extra response fields (`WWW-Authenticate`, `Allow`, `Retry-After`).
    public var headers: HTTPHeaders

    public init(status: HTTPStatus, code: String, message: String, headers: HTTPHeaders = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// The JSON error response.
    public var response: HTTPResponse {
        let body: JSONValue = ["error": ["code": .string(code), "message": .string(message)]]
        var response = HTTPResponse.json(body, status: status)
        for field in headers { response.headers.set(field.name, field.value) }
        return response
    }

    // MARK: Errors of the protocol and the gate

    /// 400 `bad-request`: the request is malformed.
    public static func badRequest(_ message: String) -> APIError {
        APIError(status: .badRequest, code: "bad-request", message: message)
    }
    /// 401 `unauthorized`, with `WWW-Authenticate: Bearer`.
    public static func unauthorized(_ message: String = "a valid bearer token is required") -> APIError {
        APIError(status: .unauthorized, code: "unauthorized", message: message,
                 headers: ["WWW-Authenticate": "Bearer realm=\"kioskd\""])
    }
    /// 403 `forbidden-origin`: the `Origin` is not in the allowed list.
    public static func forbiddenOrigin(_ origin: String) -> APIError {
        APIError(status: .forbidden, code: "forbidden-origin", message: "origin '\(origin)' is not allowed")
    }
    /// 404 `not-found`.
    public static func notFound(_ path: String) -> APIError {
        APIError(status: .notFound, code: "not-found", message: "no resource at '\(path)'")
    }
    /// 405 `method-not-allowed`, with `Allow`.
    public static func methodNotAllowed(_ method: HTTPMethod, allowed: [HTTPMethod]) -> APIError {
        APIError(status: .methodNotAllowed, code: "method-not-allowed", message: "\(method) is not allowed here",
                 headers: ["Allow": allowed.map(\.rawValue).joined(separator: ", ")])
    }
    /// 408 `request-timeout`: the request did not arrive in time.
    public static let requestTimeout = APIError(
        status: .requestTimeout, code: "request-timeout", message: "the request was not received in time")
    /// 413 `payload-too-large`.
    public static func payloadTooLarge(limit: Int) -> APIError {
        APIError(status: .payloadTooLarge, code: "payload-too-large", message: "the body exceeds \(limit) bytes")
    }
    /// 414 `uri-too-long`: the request line exceeds its limit.
    public static func uriTooLong(limit: Int) -> APIError {
        APIError(status: .uriTooLong, code: "uri-too-long", message: "the request line exceeds \(limit) bytes")
    }
    /// 415 `unsupported-media-type`.
    public static func unsupportedMediaType(_ got: String?) -> APIError {
        APIError(status: .unsupportedMediaType, code: "unsupported-media-type",
                 message: "expected Content-Type: application/json, got \(got.map { "'\($0)'" } ?? "none")")
    }
    /// 421 `misdirected-host`: the `Host` is not a loopback name of this server (DNS rebinding defence).
    public static func misdirectedHost(_ host: String?) -> APIError {
        APIError(status: .misdirectedRequest, code: "misdirected-host",
                 message: "host \(host.map { "'\($0)'" } ?? "(none)") is not served here")
    }
    /// 431 `headers-too-large`.
    public static func headersTooLarge(_ message: String) -> APIError {
        APIError(status: .headersTooLarge, code: "headers-too-large", message: message)
    }
    /// 501 `not-implemented` (e.g. an unsupported `Transfer-Encoding`).
    public static func notImplemented(_ message: String) -> APIError {
        APIError(status: .notImplemented, code: "not-implemented", message: message)
    }
    /// 503 `unavailable` (connection or stream cap reached, server stopping), with `Retry-After`.
    public static func unavailable(_ message: String, retryAfterSeconds: Int = 1) -> APIError {
        APIError(status: .serviceUnavailable, code: "unavailable", message: message,
                 headers: ["Retry-After": String(retryAfterSeconds)])
    }
    /// 505 `http-version-not-supported`.
    public static func versionNotSupported(_ version: String) -> APIError {
        APIError(status: .versionNotSupported, code: "http-version-not-supported",
                 message: "\(version) is not supported; use HTTP/1.1")
    }
    /// 500 `internal-error`.
    public static func internalError(_ message: String = "internal error") -> APIError {
        APIError(status: .internalServerError, code: "internal-error", message: message)
    }
}
