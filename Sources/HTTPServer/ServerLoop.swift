import Glibc
import LinuxIO
import Synchronization

/// The server's event loop: one thread, `poll(2)` over the listeners, the connections and an
/// eventfd. Everything here runs on that thread except what goes through `mailbox`.
///
/// Requests are handed to the async handler in a `Task`; the loop keeps serving other
/// connections and writes the response when the task posts it back. Event streams are fed
/// when a broadcaster's publish signals the eventfd.
final class ServerLoop: @unchecked Sendable {
    private let configuration: HTTPServerConfiguration
    private let handler: HTTPHandler
    let mailbox: ServerMailbox
    private var listeners: [SocketListener]
    private var security: SecurityGate?

    private var connections: [UInt64: ServerConnection] = [:]
    private var nextConnectionID: UInt64 = 1
    private var streamCount = 0
    private var wakers: [ObjectIdentifier: (broadcaster: EventBroadcaster, id: UInt64)] = [:]
    private var stopping = false
    private var graceDeadline: UInt64 = 0
    private var acceptPausedUntil: UInt64 = 0
    private var readBuffer = [UInt8](repeating: 0, count: 16 * 1024)

    private let requestTimeout: UInt64
    private let idleTimeout: UInt64
    private let writeTimeout: UInt64
    private let heartbeat: UInt64

    init(configuration: HTTPServerConfiguration, handler: @escaping HTTPHandler, listeners: [SocketListener],
         mailbox: ServerMailbox) {
        self.configuration = configuration
        self.handler = handler
        self.listeners = listeners
        self.mailbox = mailbox
        security = configuration.security
        requestTimeout = configuration.requestTimeout.nanoseconds
        idleTimeout = configuration.idleTimeout.nanoseconds
        writeTimeout = configuration.writeTimeout.nanoseconds
        heartbeat = max(configuration.heartbeatInterval.nanoseconds, 1_000_000)
    }

    // MARK: Loop

    /// Runs until stopped and every connection is closed (or the grace period ran out).
    func run() {
        defer { shutDown() }
        while true {
            let now = monotonicNanoseconds()
            enforceDeadlines(now: now)
            if stopping && (connections.isEmpty || now >= graceDeadline) { return }

            var descriptors: [(FileDescriptor, PollEvents)] = [(mailbox.wake.descriptor, .readable)]
            var listenerSlots = 0
            if !stopping && now >= acceptPausedUntil {
                for listener in listeners { descriptors.append((listener.descriptor, .readable)) }
                listenerSlots = listeners.count
            }
            var polled: [ServerConnection] = []
            for connection in connections.values {
                var events = PollEvents()
                switch connection.phase {
                case .reading, .streaming: events.insert(.readable)
                case .handling, .writing: break
                }
                if connection.pendingOutputCount > 0 { events.insert(.writable) }
                if events.isEmpty { continue }
                descriptors.append((connection.socket.descriptor, events))
                polled.append(connection)
            }

            let ready: [PollEvents]
            do {
                ready = try Poll.wait(descriptors, timeoutMilliseconds: pollTimeout(now: now))
            } catch {
                continue  // EINTR is retried inside; other poll errors (ENOMEM) are transient
            }
            let after = monotonicNanoseconds()
            if ready.isEmpty { deliverEvents(now: after); continue }

            if !ready[0].isEmpty {
                mailbox.wake.drain()
                for message in mailbox.takeAll() { receive(message, now: after) }
            }
            for index in 0..<listenerSlots where !ready[1 + index].isEmpty && !stopping {
                acceptConnections(from: listeners[index], now: after)  // `stopping` empties `listeners`
            }
            for (offset, connection) in polled.enumerated() {
                let events = ready[1 + listenerSlots + offset]
                guard !events.isEmpty, connections[connection.id] != nil else { continue }
                if events.contains(.writable) || events.contains(.error) || events.contains(.hangUp) {
                    guard connection.flush(now: after, writeTimeout: writeTimeout) else { close(connection); continue }
                    if connection.pendingOutputCount == 0 { outputDrained(connection, now: after) }
                }
                guard connections[connection.id] != nil else { continue }
                if events.contains(.readable) || events.contains(.hangUp) || events.contains(.error) {
                    readInput(connection, now: after)
                }
            }
            deliverEvents(now: after)
            publishActivity()
        }
    }

    private func pollTimeout(now: UInt64) -> Int32 {
        var nearest = UInt64.max
        if stopping { nearest = graceDeadline }
        if acceptPausedUntil > now { nearest = min(nearest, acceptPausedUntil) }
        for connection in connections.values {
            for deadline in [connection.requestDeadline, connection.idleDeadline, connection.writeDeadline] {
                if let deadline { nearest = min(nearest, deadline) }
            }
            if case .streaming(let stream) = connection.phase { nearest = min(nearest, stream.nextHeartbeat) }
        }
        guard nearest != .max else { return -1 }
        guard nearest > now else { return 0 }
        return Int32(min((nearest - now + 999_999) / 1_000_000, 60_000))
    }

    // MARK: Messages

    private func receive(_ message: ServerMailbox.Message, now: UInt64) {
        switch message {
        case .response(let id, let response):
            guard let connection = connections[id], case .handling = connection.phase else { return }
            respond(connection, with: response, now: now)
        case .security(let gate):
            security = gate
        case .stop:
            beginStopping(now: now)
        }
    }

    private func beginStopping(now: UInt64) {
        guard !stopping else { return }
        stopping = true
        graceDeadline = now + configuration.shutdownGracePeriod.nanoseconds
        for listener in listeners { listener.close() }
        listeners = []
        for connection in Array(connections.values) {
            switch connection.phase {
            case .reading:
                close(connection)
            case .handling:
                connection.keepAlive = false
            case .writing:
                connection.closeAfterWrite = true
            case .streaming(let stream):
                if stream.chunked { connection.enqueue(HTTPResponseEncoder.lastChunk) }
                endStream(connection)
                connection.phase = .writing
                connection.closeAfterWrite = true
                guard connection.flush(now: now, writeTimeout: writeTimeout) else { close(connection); continue }
                if connection.pendingOutputCount == 0 { close(connection) }
            }
        }
    }

    // MARK: Accepting

    private func acceptConnections(from listener: SocketListener, now: UInt64) {
        while true {
            let accepted: SocketConnection?
            do {
                accepted = try listener.accept()
            } catch {
                acceptPausedUntil = now + 100_000_000  // EMFILE/ENFILE/ENOBUFS: retry in 100 ms
                return
            }
            guard let socket = accepted else { return }
            guard connections.count < configuration.maxConnections else {
                refuseOverCapacity(socket)
                continue
            }
            let transport: HTTPTransport
            switch listener.address {
            case .unix(let path):
                transport = .unix(path: path, peer: try? socket.peerCredentials())
            case .ipv4, .ipv6:
                try? socket.setNoDelay(true)
                transport = .tcp(local: listener.address, peer: socket.peerAddress)
            }
            let connection = ServerConnection(id: nextConnectionID, socket: socket, transport: transport, limits: configuration.limits)
            nextConnectionID += 1
            connection.requestDeadline = now + requestTimeout
            connections[connection.id] = connection
        }
    }

    /// Answers 503 in one non-blocking send (best effort) and closes.
    private func refuseOverCapacity(_ socket: SocketConnection) {
        let bytes = HTTPResponseEncoder.encode(APIError.unavailable("too many connections").response,
                                               version: .http1_1, keepAlive: false, omitBody: false)
        _ = try? bytes.withUnsafeBytes { try socket.send($0) }
        socket.close()
    }

    // MARK: Reading and dispatching

    private func readInput(_ connection: ServerConnection, now: UInt64) {
        let received: Int?
        do {
            received = try readBuffer.withUnsafeMutableBytes { try connection.socket.receive(into: $0) }
        } catch {
            close(connection)
            return
        }
        guard let count = received else { return }
        guard count > 0 else {
            close(connection)  // the peer closed; any partial request is abandoned
            return
        }
        if connection.isStreaming { return }  // an event-stream client has nothing to say: discard
        connection.parser.append(readBuffer[0..<count])
        if connection.requestDeadline == nil {
            connection.requestDeadline = now + requestTimeout
            connection.idleDeadline = nil
        }
        processInput(connection, now: now)
    }

    /// Parses the next buffered request, if any, and dispatches it.
    private func processInput(_ connection: ServerConnection, now: UInt64) {
        guard case .reading = connection.phase else { return }
        switch connection.parser.nextRequest() {
        case .needMoreData:
            if connection.parser.hasPartialRequest && connection.requestDeadline == nil {
                connection.requestDeadline = now + requestTimeout
                connection.idleDeadline = nil
            }
            if connection.parser.isAwaitingContinue && !connection.sentContinue {
                connection.sentContinue = true
                connection.enqueue(Self.continueResponse)
                if !connection.flush(now: now, writeTimeout: writeTimeout) { close(connection) }
            }
        case .failure(let error):
            connection.requestDeadline = nil
            connection.keepAlive = false
            connection.requestVersion = .http1_1
            connection.requestIsHead = false
            connection.responseHeaders = HTTPHeaders()
            connection.phase = .handling
            respond(connection, with: error.response, now: now)
        case .request(var request):
            connection.sentContinue = false
            connection.requestDeadline = nil
            connection.idleDeadline = nil
            request.transport = connection.transport
            connection.keepAlive = request.wantsKeepAlive && !stopping
            connection.requestVersion = request.version
            connection.requestIsHead = request.method == .head
            connection.responseHeaders = HTTPHeaders()
            connection.phase = .handling
            if request.method == .head { request.method = .get }  // answered as GET, body omitted
            dispatch(request, on: connection, now: now)
        }
    }

    private func dispatch(_ request: HTTPRequest, on connection: ServerConnection, now: UInt64) {
        if let security {
            let tickets = configuration.eventStreamTickets
            switch security.evaluate(request, redeemTicket: { tickets?.redeem($0) ?? false }) {
            case .refuse(let error):
                respond(connection, with: error.response, now: now)
                return
            case .answer(let response):
                respond(connection, with: response, now: now)
                return
            case .proceed(let headers):
                connection.responseHeaders = headers
            }
        }
        let id = connection.id
        let mailbox = self.mailbox
        let handler = self.handler
        Task {
            let response: HTTPResponse
            do {
                response = try await handler(request)
            } catch let error as APIError {
                response = error.response
            } catch {
                response = APIError.internalError().response
            }
            mailbox.post(.response(connectionID: id, response))
        }
    }

    // MARK: Writing

    private func respond(_ connection: ServerConnection, with response: HTTPResponse, now: UInt64) {
        var response = response
        response.headers.addMissing(from: connection.responseHeaders)
        if let subscription = response.eventStream, response.status == .ok, !connection.requestIsHead {
            if streamCount >= configuration.maxEventStreams || stopping {
                var refusal = APIError.unavailable("too many event streams").response
                refusal.headers.addMissing(from: connection.responseHeaders)
                response = refusal
            } else {
                openStream(connection, response: response, subscription: subscription, now: now)
                return
            }
        }
        let keepAlive = connection.keepAlive && !stopping
        connection.enqueue(HTTPResponseEncoder.encode(response, version: connection.requestVersion,
                                                      keepAlive: keepAlive, omitBody: connection.requestIsHead))
        connection.closeAfterWrite = !keepAlive
        connection.phase = .writing
        guard connection.flush(now: now, writeTimeout: writeTimeout) else { close(connection); return }
        if connection.pendingOutputCount == 0 { outputDrained(connection, now: now) }
    }

    /// Called when everything queued was sent.
    private func outputDrained(_ connection: ServerConnection, now: UInt64) {
        guard case .writing = connection.phase else { return }
        if connection.closeAfterWrite {
            close(connection)
            return
        }
        connection.phase = .reading
        connection.idleDeadline = now + idleTimeout
        connection.requestDeadline = nil
        processInput(connection, now: now)  // a pipelined request may be buffered already
    }

    // MARK: Event streams

    private func openStream(_ connection: ServerConnection, response: HTTPResponse,
                            subscription: EventStreamSubscription, now: UInt64) {
        let broadcaster = subscription.broadcaster
        let key = ObjectIdentifier(broadcaster)
        if wakers[key] == nil {
            let wake = mailbox.wake
            wakers[key] = (broadcaster, broadcaster.addWaker { wake.signal() })
        }
        let chunked = connection.requestVersion == .http1_1
        var bytes = HTTPResponseEncoder.encodeStreamHead(response, version: connection.requestVersion)
        let retry = configuration.eventStreamRetry.nanoseconds / 1_000_000
        var body = Array("retry: \(retry)\n\n".utf8)
        let (slice, cursor) = broadcaster.resume(after: subscription.lastEventID)
        if slice.missed { body += Self.resyncFrame }
        for event in slice.elements { body += event.frame }
        bytes += HTTPResponseEncoder.chunk(body, chunked: chunked)
        streamCount += 1
        connection.phase = .streaming(.init(broadcaster: broadcaster, cursor: cursor, chunked: chunked,
                                            nextHeartbeat: now + heartbeat))
        connection.enqueue(bytes)
        guard connection.flush(now: now, writeTimeout: writeTimeout) else { close(connection); return }
    }

    private static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
    private static let resyncFrame = ServerSentEvent.frame(
        id: nil, event: EventBroadcaster.resyncEvent, data: #"{"reason":"events-missed"}"#)
    private static let heartbeatFrame = Array(": heartbeat\n\n".utf8)

    /// Sends new events and due heartbeats to every stream.
    private func deliverEvents(now: UInt64) {
        guard streamCount > 0 else { return }
        for connection in Array(connections.values) {
            guard case .streaming(var stream) = connection.phase else { continue }
            var body: [UInt8] = []
            if stream.broadcaster.latestSequence > stream.cursor {
                let slice = stream.broadcaster.events(after: stream.cursor)
                if slice.missed { body += Self.resyncFrame }
                for event in slice.elements { body += event.frame }
                stream.cursor = slice.elements.last?.sequence ?? stream.cursor
            }
            if body.isEmpty && now >= stream.nextHeartbeat { body = Self.heartbeatFrame }
            guard !body.isEmpty else { continue }
            stream.nextHeartbeat = now + heartbeat
            connection.phase = .streaming(stream)
            connection.enqueue(HTTPResponseEncoder.chunk(body, chunked: stream.chunked))
            guard connection.flush(now: now, writeTimeout: writeTimeout) else { close(connection); continue }
            if connection.pendingOutputCount > configuration.maxEventStreamBacklogBytes {
                close(connection)  // a client that stopped reading; it resumes with Last-Event-ID
            }
        }
    }

    private func endStream(_ connection: ServerConnection) {
        if connection.isStreaming { streamCount -= 1 }
    }

    // MARK: Deadlines and closing

    private func enforceDeadlines(now: UInt64) {
        for connection in Array(connections.values) {
            if let deadline = connection.writeDeadline, now >= deadline {
                close(connection)
            } else if let deadline = connection.requestDeadline, now >= deadline, case .reading = connection.phase {
                connection.requestDeadline = nil
                if connection.parser.hasPartialRequest {
                    connection.keepAlive = false
                    connection.phase = .handling
                    connection.requestIsHead = false
                    respond(connection, with: APIError.requestTimeout.response, now: now)
                } else {
                    close(connection)
                }
            } else if let deadline = connection.idleDeadline, now >= deadline, case .reading = connection.phase {
                close(connection)
            }
        }
    }

    private func close(_ connection: ServerConnection) {
        guard connections.removeValue(forKey: connection.id) != nil else { return }
        endStream(connection)
        connection.phase = .writing
        connection.socket.close()
    }

    private func shutDown() {
        for connection in Array(connections.values) { close(connection) }
        for listener in listeners { listener.close() }
        listeners = []
        for (_, waker) in wakers { waker.broadcaster.removeWaker(waker.id) }
        wakers = [:]
        publishActivity()
    }

    private func publishActivity() {
        let snapshot = HTTPServerActivity(connections: connections.count, eventStreams: streamCount)
        mailbox.activity.withLock { $0 = snapshot }
    }
}
