import Glibc
import LinuxIO

/// Everything `HTTPServer` needs besides its handler: where to listen, limits, timeouts,
/// caps and the security gate. Every limit a client controls has a named field here.
public struct HTTPServerConfiguration: Sendable {
    /// Addresses to listen on, all at once: TCP (`127.0.0.1:8765`, `[::1]:0`, port 0 = any
    /// free port) and unix sockets (`unix:/run/kioskd/api.sock`).
    public var listen: [SocketAddress]
    /// Permission bits of unix socket files (default `0o660`: owner and group).
    public var unixSocketMode: mode_t
    /// Request size limits (request line, header fields, body).
    public var limits: HTTPParserLimits
    /// Time a connection has to deliver a complete request (head and body), counted from
    /// accept or from its first byte after a keep-alive pause; then 408 and close. Defeats
    /// slow-loris clients.
    public var requestTimeout: Duration
    /// Time a keep-alive connection may sit idle between requests before it is closed.
    public var idleTimeout: Duration
    /// Time a response (or an event stream) may stay blocked on a client that does not read,
    /// before the connection is dropped.
    public var writeTimeout: Duration
    /// Most open connections (event streams included); beyond, new connections get 503.
    public var maxConnections: Int
    /// Most concurrent Server-Sent Events streams; beyond, 503.
    public var maxEventStreams: Int
    /// Interval of the `: heartbeat` comment on an otherwise quiet event stream.
    public var heartbeatInterval: Duration
    /// `retry:` sent at the start of an event stream: how long browsers wait before reconnecting.
    public var eventStreamRetry: Duration
    /// Most bytes queued for one event-stream client that does not read; beyond, it is dropped
    /// (it will reconnect with `Last-Event-ID`).
    public var maxEventStreamBacklogBytes: Int
    /// How long `stop()` lets in-flight requests finish before closing every connection.
    public var shutdownGracePeriod: Duration
    /// The checks applied before the handler sees a request; `nil` disables them (tests of the
    /// bare protocol only: the daemon always sets one).
    public var security: SecurityGate?
    /// Tickets accepted as `?ticket=` on the event stream path.
    public var eventStreamTickets: EventStreamTickets?

    public init(
        listen: [SocketAddress],
        unixSocketMode: mode_t = 0o660,
        limits: HTTPParserLimits = HTTPParserLimits(),
        requestTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        writeTimeout: Duration = .seconds(10),
        maxConnections: Int = 64,
        maxEventStreams: Int = 16,
        heartbeatInterval: Duration = .seconds(15),
        eventStreamRetry: Duration = .seconds(2),
        maxEventStreamBacklogBytes: Int = 1 << 20,
        shutdownGracePeriod: Duration = .seconds(5),
        security: SecurityGate? = nil,
        eventStreamTickets: EventStreamTickets? = nil
    ) {
        self.listen = listen
        self.unixSocketMode = unixSocketMode
        self.limits = limits
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.maxConnections = maxConnections
        self.maxEventStreams = maxEventStreams
        self.heartbeatInterval = heartbeatInterval
        self.eventStreamRetry = eventStreamRetry
        self.maxEventStreamBacklogBytes = maxEventStreamBacklogBytes
        self.shutdownGracePeriod = shutdownGracePeriod
        self.security = security
        self.eventStreamTickets = eventStreamTickets
    }
}
