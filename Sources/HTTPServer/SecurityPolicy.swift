/// What the `SecurityGate` lets through: allowed browser origins, public endpoints and how
/// the Server-Sent Events stream may be authenticated.
public struct SecurityPolicy: Sendable {
    /// Origins (`scheme://host[:port]`, as browsers send them) allowed to call the API; every
    /// other `Origin` — including `null` — is refused with 403.
    public var allowedOrigins: Set<String>
    /// `Host` values accepted besides `127.0.0.1:P`, `localhost:P` and `[::1]:P` (P being the
    /// port the connection arrived on). Only for an API deliberately listening beyond
    /// loopback; empty by default.
    public var additionalHosts: Set<String>
    /// Endpoints answered without a token, as `"METHOD /path"` (default `GET /v1/health`;
    /// `HEAD` is treated as `GET`).
    public var publicEndpoints: Set<String>
    /// The SSE path, on which `GET` may carry the credential in the query string
    /// (`?token=` or `?ticket=`) because browser `EventSource` cannot set headers.
    public var eventStreamPath: String
    /// Whether `?token=<bearer token>` is accepted on the SSE path.
    public var acceptsTokenInEventStreamQuery: Bool
    /// Methods announced in CORS preflight answers.
    public var allowedMethods: [HTTPMethod]
    /// Request fields announced in CORS preflight answers.
    public var allowedRequestHeaders: [String]
    /// `Access-Control-Max-Age` of preflight answers, in seconds.
    public var preflightMaxAgeSeconds: Int

    public init(
        allowedOrigins: Set<String> = [],
        additionalHosts: Set<String> = [],
        publicEndpoints: Set<String> = ["GET /v1/health"],
        eventStreamPath: String = "/v1/events",
        acceptsTokenInEventStreamQuery: Bool = true,
        allowedMethods: [HTTPMethod] = [.get, .post, .options],
        allowedRequestHeaders: [String] = ["Authorization", "Content-Type", "Last-Event-ID", "Idempotency-Key"],
        preflightMaxAgeSeconds: Int = 600
    ) {
        self.allowedOrigins = allowedOrigins
        self.additionalHosts = additionalHosts
        self.publicEndpoints = publicEndpoints
        self.eventStreamPath = eventStreamPath
        self.acceptsTokenInEventStreamQuery = acceptsTokenInEventStreamQuery
        self.allowedMethods = allowedMethods
        self.allowedRequestHeaders = allowedRequestHeaders
        self.preflightMaxAgeSeconds = preflightMaxAgeSeconds
    }
}
