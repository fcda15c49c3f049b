import StrictJSON

/// A request as the kiosk API's routes see it, independent of the HTTP server that carried it.
public struct APIRequest: Sendable {
    /// `GET`, `POST`, …
    public var method: String
    /// The path split on `/`, percent-decoded (`["v1", "orders", "o-12"]`).
    public var path: [String]
    /// The body (JSON for every state-changing route).
    public var body: [UInt8]

    public init(method: String, path: [String], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.body = body
    }
}

/// What a route answers.
public enum APIResponse: Sendable, Equatable {
    /// A JSON document with a 2xx status.
    case json(JSONValue, status: Int = 200)
    /// A text document (the printer preview, the kiosk screen's files).
    case text(String, contentType: String, status: Int = 200)
    /// Bytes of a static file.
    case bytes([UInt8], contentType: String)
    /// `{"error": {"code", "message"}}` with a 4xx/5xx status.
    case error(status: Int, code: String, message: String)
    /// The Server-Sent Events stream (`GET /v1/events`): the HTTP layer attaches the broadcaster.
    case eventStream

    /// The error for a JSON body that does not match the route's schema (400 `invalid-body`).
    static func invalidBody(_ error: any Error) -> APIResponse {
        .error(status: 400, code: "invalid-body", message: "\(error)")
    }
}
