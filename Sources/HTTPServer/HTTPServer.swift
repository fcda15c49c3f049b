import Foundation
import LinuxIO
import Synchronization

/// The application's request handler: any async Swift code. A thrown `APIError` is answered
/// as its JSON error; any other error as 500 `internal-error`.
///
/// The server calls it in a fresh task per request and keeps serving other connections while
/// it runs; requests on one connection are handled one at a time, in order.
public typealias HTTPHandler = @Sendable (HTTPRequest) async throws -> HTTPResponse

/// Connection counts, for `/v1/health` and tests.
public struct HTTPServerActivity: Sendable, Equatable {
    /// Open client connections (event streams included).
    public var connections: Int
    /// Open Server-Sent Events streams.
    public var eventStreams: Int
}

/// An HTTP/1.1 server on its own thread: `poll(2)` over TCP and unix-socket listeners at
/// once, keep-alive, pipelining, limits and timeouts from `HTTPServerConfiguration`, the
/// `SecurityGate` before routing, Server-Sent Events from `EventBroadcaster`s.
///
/// No blocking call ever runs on Swift's cooperative pool: the socket work is on the server
/// thread, the handler runs as a task, and the two meet through a mailbox and an eventfd.
///
/// ```swift
/// let server = HTTPServer(configuration: config) { request in
///     try await router.route(request)
/// }
/// let addresses = try server.start()
/// …
/// await server.stop()
/// ```
public final class HTTPServer: Sendable {
    /// The configuration the server was created with.
    public let configuration: HTTPServerConfiguration
    private let handler: HTTPHandler

    private enum Phase {
        case created
        case running(loop: ServerLoop, addresses: [SocketAddress])
        case stopped
    }
    private let phase = Mutex<Phase>(.created)

    public init(configuration: HTTPServerConfiguration, handler: @escaping HTTPHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    /// Binds every address of `configuration.listen` and starts the server thread.
    /// - Returns: the bound addresses, in configuration order (TCP ports read back, so port 0
    ///   gives the real port).
    /// - Throws: `SystemError` or `SocketAddressError` from binding (nothing stays bound then);
    ///   `HTTPServerError.alreadyStarted` on a second call.
    @discardableResult
    public func start() throws -> [SocketAddress] {
        try phase.withLock { phase in
            guard case .created = phase else { throw HTTPServerError.alreadyStarted }
            var listeners: [SocketListener] = []
            do {
                for address in configuration.listen {
                    let options = SocketListener.Options(unixSocketMode: configuration.unixSocketMode)
                    listeners.append(try SocketListener.listen(on: address, options: options))
                }
            } catch {
                for listener in listeners { listener.close() }
                throw error
            }
            let mailbox = try ServerMailbox()
            let loop = ServerLoop(configuration: configuration, handler: handler, listeners: listeners, mailbox: mailbox)
            let thread = Thread {
                loop.run()
                mailbox.markFinished()
            }
            thread.name = "kioskd-http"
            thread.start()
            let addresses = listeners.map(\.address)
            phase = .running(loop: loop, addresses: addresses)
            return addresses
        }
    }

    /// The bound addresses while running (empty before `start()` and after `stop()`).
    public var listeningAddresses: [SocketAddress] {
        phase.withLock { phase in
            if case .running(_, let addresses) = phase { return addresses }
            return []
        }
    }

    /// Open connections and event streams (updated by the server thread after each wake-up).
    public var activity: HTTPServerActivity {
        phase.withLock { phase in
            if case .running(let loop, _) = phase { return loop.mailbox.activity.withLock { $0 } }
            return HTTPServerActivity(connections: 0, eventStreams: 0)
        }
    }

    /// Replaces the security gate, e.g. after the token was rotated. Requests already admitted
    /// are not re-checked.
    public func replaceSecurity(_ gate: SecurityGate?) {
        if case .running(let loop, _) = phase.withLock({ $0 }) { loop.mailbox.post(.security(gate)) }
    }

    /// Stops gracefully: listeners close at once (unix socket files removed); idle connections
    /// close; in-flight requests get their responses (with `Connection: close`); event streams
    /// end with their last chunk. After `shutdownGracePeriod`, whatever is left is closed.
    /// Returns when the server thread has exited. Safe to call more than once.
    public func stop() async {
        let loop: ServerLoop? = phase.withLock { phase in
            switch phase {
            case .running(let loop, _):
                phase = .stopped
                return loop
            case .created:
                phase = .stopped
                return nil
            case .stopped:
                return nil
            }
        }
        guard let loop else { return }
        loop.mailbox.post(.stop)
        await loop.mailbox.waitUntilFinished()
    }

    deinit {
        if case .running(let loop, _) = phase.withLock({ $0 }) { loop.mailbox.post(.stop) }
    }
}

/// Misuse of the `HTTPServer` lifecycle.
public enum HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `start()` was called on a server that had already been started (or stopped).
    case alreadyStarted

    public var description: String {
        switch self {
        case .alreadyStarted: return "HTTPServer.start(): the server was already started"
        }
    }
}
