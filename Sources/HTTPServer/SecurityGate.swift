/// What the `SecurityGate` decided about a request.
public enum SecurityDecision: Sendable {
    /// Route the request; add `responseHeaders` (CORS fields for an allowed origin) to the
    /// handler's response.
    case proceed(responseHeaders: HTTPHeaders)
    /// Answer this without routing (a CORS preflight or a bare `OPTIONS`).
    case answer(HTTPResponse)
    /// Refuse with this error (its headers include CORS fields when the origin is allowed,
    /// so a browser UI can read the error).
    case refuse(APIError)
}

/// The checks every request passes before routing, in this order:
///
/// 1. `Host` is `127.0.0.1:P`, `localhost:P` or `[::1]:P` for the port P the connection
///    arrived on (or one of `additionalHosts`), else 421 `misdirected-host`: a page on a
///    rebound DNS name cannot reach the API.
/// 2. An `Origin` field, when present, is one of `allowedOrigins`, else 403
///    `forbidden-origin` (`Origin: null` always refused). Applies to every request, so also
///    to state-changing ones and to the SSE handshake.
/// 3. `OPTIONS` is answered here: a CORS preflight from an allowed origin gets the CORS
///    fields, without needing the token.
/// 4. Except for `publicEndpoints`, `Authorization: Bearer <token>` must match (constant
///    time), else 401 `unauthorized`. On `GET eventStreamPath` the credential may instead be
///    `?token=` (when enabled) or a single-use `?ticket=`.
/// 5. A state-changing request carrying a body needs `Content-Type: application/json`, else
///    415 `unsupported-media-type`.
///
/// Pure: the decision depends only on the request, the policy, the token and the ticket check.
public struct SecurityGate: Sendable {
    public var policy: SecurityPolicy
    public var token: AccessToken

    public init(policy: SecurityPolicy, token: AccessToken) {
        self.policy = policy
        self.token = token
    }

    /// Decides about `request`.
    /// - Parameter redeemTicket: called with a `?ticket=` value on the SSE path; returns
    ///   whether it is a valid, unused ticket (and consumes it).
    public func evaluate(_ request: HTTPRequest, redeemTicket: (String) -> Bool = { _ in false }) -> SecurityDecision {
        // 1. Host
        let hosts = request.headers.values(for: "Host")
        guard hosts.count == 1, isServedHost(hosts[0], transport: request.transport) else {
            return .refuse(.misdirectedHost(hosts.first))
        }
        // 2. Origin
        let origins = request.headers.values(for: "Origin")
        var cors = HTTPHeaders()
        if !origins.isEmpty {
            guard origins.count == 1, origins[0] != "null", policy.allowedOrigins.contains(origins[0]) else {
                return .refuse(.forbiddenOrigin(origins.joined(separator: ", ")))
            }
            cors.add("Access-Control-Allow-Origin", origins[0])
            cors.add("Vary", "Origin")
        }
        // 3. OPTIONS
        if request.method == .options {
            return .answer(preflight(request, cors: cors))
        }
        // 4. Authentication
        if !isPublic(request) && !isAuthenticated(request, redeemTicket: redeemTicket) {
            var error = APIError.unauthorized()
            error.headers.addMissing(from: cors)
            return .refuse(error)
        }
        // 5. Content type of state-changing requests with a body
        if request.method.isStateChanging && carriesBody(request) && request.mediaType != "application/json" {
            var error = APIError.unsupportedMediaType(request.headers["Content-Type"])
            error.headers.addMissing(from: cors)
            return .refuse(error)
        }
        return .proceed(responseHeaders: cors)
    }

    // MARK: Checks

    private static let loopbackNames = ["127.0.0.1", "localhost", "[::1]"]

    private func isServedHost(_ host: String, transport: HTTPTransport?) -> Bool {
        let host = host.lowercased()
        if policy.additionalHosts.contains(host) { return true }
        switch transport {
        case .tcp(let local, _):
            guard let port = local.port else { return false }
            if Self.loopbackNames.contains(where: { host == "\($0):\(port)" }) { return true }
            return port == 80 && Self.loopbackNames.contains(host)
        case .unix, nil:
            // No browser can reach a unix socket: any loopback name, with or without a port.
            let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }) + "]" : String(host.prefix { $0 != ":" })
            return Self.loopbackNames.contains(name)
        }
    }

    private func isPublic(_ request: HTTPRequest) -> Bool {
        let method = request.method == .head ? HTTPMethod.get : request.method
        return policy.publicEndpoints.contains("\(method) \(request.path)")
    }

    private func isAuthenticated(_ request: HTTPRequest, redeemTicket: (String) -> Bool) -> Bool {
        let authorizations = request.headers.values(for: "Authorization")
        if authorizations.count == 1 {
            let value = authorizations[0]
            let parts = value.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                return token.matches(parts[1].trimmingSpaces())
            }
            return false
        }
        guard authorizations.isEmpty, request.method == .get || request.method == .head,
              request.path == policy.eventStreamPath
        else { return false }
        if policy.acceptsTokenInEventStreamQuery, let candidate = request.queryValue("token") {
            return token.matches(candidate)
        }
        if let ticket = request.queryValue("ticket") { return redeemTicket(ticket) }
        return false
    }

    private func carriesBody(_ request: HTTPRequest) -> Bool {
        if !request.body.isEmpty || request.headers.contains("Transfer-Encoding") { return true }
        if let length = request.headers["Content-Length"], let value = Int(length.trimmingSpaces()) { return value > 0 }
        return false
    }

    private func preflight(_ request: HTTPRequest, cors: HTTPHeaders) -> HTTPResponse {
        var response = HTTPResponse(status: .noContent)
        response.headers.add("Allow", policy.allowedMethods.map(\.rawValue).joined(separator: ", "))
        guard !cors.fields.isEmpty else { return response }
        response.headers.addMissing(from: cors)
        response.headers.add("Access-Control-Allow-Methods", policy.allowedMethods.map(\.rawValue).joined(separator: ", "))
        response.headers.add("Access-Control-Allow-Headers", policy.allowedRequestHeaders.joined(separator: ", "))
        response.headers.add("Access-Control-Max-Age", String(policy.preflightMaxAgeSeconds))
        if request.headers["Access-Control-Request-Private-Network"]?.lowercased() == "true" {
            response.headers.add("Access-Control-Allow-Private-Network", "true")
        }
        return response
    }
}
