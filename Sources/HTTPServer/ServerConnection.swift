import LinuxIO

/// One client connection as the server loop sees it (loop thread only).
final class ServerConnection {
    enum Phase {
        /// Waiting for (more of) a request.
        case reading
        /// A request is with the handler; nothing is read meanwhile (back-pressure).
        case handling
        /// A response is being written.
        case writing
        /// An event stream is open.
        case streaming(EventStreamState)
    }

    /// Per-stream bookkeeping.
    struct EventStreamState {
        let broadcaster: EventBroadcaster
        var cursor: UInt64
        let chunked: Bool
        var nextHeartbeat: UInt64
    }

    let id: UInt64
    let socket: SocketConnection
    let transport: HTTPTransport
    var parser: HTTPRequestParser
    var phase = Phase.reading

    /// Bytes waiting to be sent, from `outputOffset` on.
    var output: [UInt8] = []
    var outputOffset = 0
    /// Close once `output` is sent.
    var closeAfterWrite = false
    /// `100 Continue` was sent for the request being received.
    var sentContinue = false

    // Deadlines in monotonic nanoseconds.
    var requestDeadline: UInt64?
    var idleDeadline: UInt64?
    var writeDeadline: UInt64?

    // About the request being handled.
    var keepAlive = true
    var requestVersion = HTTPVersion.http1_1
    var requestIsHead = false
    var responseHeaders = HTTPHeaders()

    init(id: UInt64, socket: SocketConnection, transport: HTTPTransport, limits: HTTPParserLimits) {
        self.id = id
        self.socket = socket
        self.transport = transport
        parser = HTTPRequestParser(limits: limits)
    }

    var pendingOutputCount: Int { output.count - outputOffset }

    var isStreaming: Bool {
        if case .streaming = phase { return true }
        return false
    }

    func enqueue(_ bytes: [UInt8]) {
        if outputOffset == output.count {
            output = bytes
            outputOffset = 0
        } else {
            output.append(contentsOf: bytes)
        }
    }

    /// Sends as much of `output` as the socket takes. Returns false when the peer is gone.
    func flush(now: UInt64, writeTimeout: UInt64) -> Bool {
        while outputOffset < output.count {
            let sent: Int?
            do {
                sent = try output.withUnsafeBytes { try socket.send(UnsafeRawBufferPointer(rebasing: $0[outputOffset...])) }
            } catch {
                return false
            }
            guard let sent else {
                if writeDeadline == nil { writeDeadline = now + writeTimeout }
                return true
            }
            outputOffset += sent
            writeDeadline = nil
        }
        output.removeAll(keepingCapacity: output.count <= 64 * 1024)
        outputOffset = 0
        writeDeadline = nil
        return true
    }
}
