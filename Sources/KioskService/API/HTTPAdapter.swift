import HTTPServer
import StrictJSON

/// Carries the kiosk API over the HTTP server: an `HTTPRequest` becomes an `APIRequest`, an
/// `APIResponse` an `HTTPResponse`; `GET /v1/events` becomes the broadcaster's stream and
/// `POST /v1/events/tickets` issues a single-use ticket for a browser `EventSource`.
public struct HTTPAdapter: Sendable {
    private let api: KioskAPI
    private let broadcaster: EventBroadcaster
    private let tickets: EventStreamTickets

    public init(api: KioskAPI, broadcaster: EventBroadcaster, tickets: EventStreamTickets) {
        self.api = api
        self.broadcaster = broadcaster
        self.tickets = tickets
    }

    /// The server's handler.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let path = request.pathSegments
        if path == ["v1", "events", "tickets"] {
            guard request.method == .post else { return APIError.methodNotAllowed(request.method, allowed: [.post]).response }
            return tickets.issueResponse()
        }
        let method = request.method == .head ? "GET" : request.method.rawValue
        let response = await api.handle(APIRequest(method: method, path: path, body: request.body))
        switch response {
        case .json(let value, let status):
            return .json(value, status: Self.status(status))
        case .text(let text, let contentType, let status):
            return .text(text, status: Self.status(status), contentType: contentType)
        case .bytes(let bytes, let contentType):
            return HTTPResponse(status: .ok, headers: ["Content-Type": contentType], body: bytes)
        case .error(let status, let code, let message):
            return APIError(status: Self.status(status), code: code, message: message).response
        case .eventStream:
            return .eventStream(from: broadcaster, request: request)
        }
    }

    /// The status with its reason phrase.
    static func status(_ code: Int) -> HTTPStatus {
        let phrases = [
            200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 400: "Bad Request", 401: "Unauthorized",
            403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict", 413: "Content Too Large",
            415: "Unsupported Media Type", 500: "Internal Server Error", 503: "Service Unavailable", 507: "Insufficient Storage",
        ]
        return HTTPStatus(code: code, reasonPhrase: phrases[code] ?? "Status \(code)")
    }
}
