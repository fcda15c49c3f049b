import StrictJSON

/// A response a handler returns: status, header fields and body — or, for Server-Sent Events,
/// a stream attached to an `EventBroadcaster`.
///
/// The server adds `Content-Length` (or chunked framing for a stream), `Connection`,
/// `Cache-Control: no-store` and `X-Content-Type-Options: nosniff` unless the handler set them.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Set by `eventStream(from:request:)`: the connection then stays open and receives the
    /// broadcaster's events as `text/event-stream`.
    public internal(set) var eventStream: EventStreamSubscription?

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON body (`Content-Type: application/json; charset=utf-8`), written compactly.
    public static func json(_ value: JSONValue, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json; charset=utf-8"],
                     body: Array(JSONWriter.string(value).utf8))
    }

    /// A text body with the given media type (default `text/plain; charset=utf-8`).
    public static func text(_ text: String, status: HTTPStatus = .ok, contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": contentType], body: Array(text.utf8))
    }

    /// 204 No Content.
    public static var noContent: HTTPResponse { HTTPResponse(status: .noContent) }

    /// A Server-Sent Events stream of `broadcaster`'s events, resuming after the request's
    /// `Last-Event-ID` (header, or `lastEventId` query parameter for polyfills) when that
    /// event is still in the broadcaster's ring.
    public static func eventStream(from broadcaster: EventBroadcaster, request: HTTPRequest) -> HTTPResponse {
        let lastEventID = request.headers["Last-Event-ID"] ?? request.queryValue("lastEventId")
        var response = HTTPResponse(status: .ok, headers: [
            "Content-Type": "text/event-stream; charset=utf-8",
            "Cache-Control": "no-store",
            "X-Accel-Buffering": "no",
        ])
        response.eventStream = EventStreamSubscription(broadcaster: broadcaster, lastEventID: lastEventID)
        return response
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// The link between an SSE response and the broadcaster it streams from.
public struct EventStreamSubscription: Sendable {
    /// The broadcaster whose events the stream carries.
    public let broadcaster: EventBroadcaster
    /// The `Last-Event-ID` the client resumed from, if any.
    public let lastEventID: String?
}
