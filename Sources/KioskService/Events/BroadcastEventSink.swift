import HTTPServer

/// Publishes the service's events on the SSE broadcaster (`GET /v1/events`), numbered and
/// kept in its ring for `Last-Event-ID` resumption.
public struct BroadcastEventSink: KioskEventSink {
    private let broadcaster: EventBroadcaster
    private let logger: Logger

    public init(broadcaster: EventBroadcaster, logger: Logger) {
        self.broadcaster = broadcaster
        self.logger = logger
    }

    public func publish(_ event: KioskEvent) {
        let published = broadcaster.publish(event: event.name, json: event.data)
        // The name only: payloads carry credentials, which are customer data.
        logger.debug("event \(published.id) \(event.name)")
    }
}
