import Foundation
import Glibc
import LinuxIO
import Synchronization

/// A loopback HTTP server that answers every request with the same canned response, and
/// records what it was asked: a stand-in for a store backend that answers 401, 404 or 503.
///
/// Listens on `127.0.0.1` at a port the kernel chooses; one connection at a time, one request
/// per connection (`Connection: close`). Stopped by `stop()` or when deinitialised.
public final class CannedHTTPServer: Sendable {
    /// What every request gets.
    public struct Answer: Sendable {
        public var status: Int
        public var body: String
        public var contentType: String
        /// Extra header fields sent with the answer.
        public var headers: [(name: String, value: String)]
        /// When set, each answer carries a `Date` header (IMF-fixdate) this many seconds away
        /// from this machine's clock at the moment it answers: a backend on another clock.
        public var dateOffset: TimeInterval?

        public init(
            status: Int, body: String = "", contentType: String = "application/json",
            headers: [(name: String, value: String)] = [], dateOffset: TimeInterval? = nil
        ) {
            self.status = status
            self.body = body
            self.contentType = contentType
            self.headers = headers
            self.dateOffset = dateOffset
        }

        /// The header block's extra lines for an answer given now.
        func extraHeaderLines() -> String {
            var lines = headers.map { "\($0.name): \($0.value)\r\n" }.joined()
            if let dateOffset {
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: "GMT")
                formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
                lines += "Date: \(formatter.string(from: Date().addingTimeInterval(dateOffset)))\r\n"
            }
            return lines
        }
    }

    /// One request as received.
    public struct Request: Sendable, Equatable {
        /// `GET /v1/accounts/card:2990000000002`.
        public let line: String
        /// Header fields, names lower-cased.
        public let headers: [String: String]
    }

    public let port: UInt16
    /// `http://127.0.0.1:<port>`.
    public var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    private let answer: Answer
    private let listener: FileDescriptor
    private let stopSignal: EventFD
    private let finished = DispatchSemaphore(value: 0)
    private let recorded = Mutex<[Request]>([])

    /// The requests received so far.
    public var requests: [Request] { recorded.withLock { $0 } }

    /// Starts listening.
    /// - Throws: `SystemError` for `socket`, `bind` or `listen`.
    public init(answer: Answer) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError.current("socket") }
        listener = FileDescriptor(rawValue: fd, label: "canned HTTP listener")
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 8) == 0 else {
            listener.close()
            throw SystemError.current("bind/listen 127.0.0.1:0")
        }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = UInt16(bigEndian: address.sin_port)
        self.answer = answer
        stopSignal = try EventFD()
        let thread = Thread { [self] in
            serve()
            finished.signal()
        }
        thread.name = "canned-http"
        thread.start()
    }

    deinit { stop() }

    /// Stops serving and closes the listener (idempotent).
    public func stop() {
        stopSignal.signal()
        finished.wait()
        finished.signal()
    }

    private func serve() {
        defer { listener.close() }
        while true {
            guard let ready = try? Poll.wait([(stopSignal.descriptor, .readable), (listener, .readable)], timeoutMilliseconds: -1),
                  ready[0].isEmpty else { return }
            let client = accept(listener.rawValue, nil, nil)
            guard client >= 0 else { continue }
            let connection = FileDescriptor(rawValue: client, label: "canned HTTP connection")
            handle(connection)
            connection.close()
        }
    }

    private func handle(_ connection: FileDescriptor) {
        var received: [UInt8] = []
        while received.count < 64 * 1024 {
            guard let ready = try? Poll.wait([(connection, .readable)], timeoutMilliseconds: 5_000), !ready.isEmpty,
                  let bytes = try? connection.read(upTo: 4096), !bytes.isEmpty else { return }
            received += bytes
            if let end = String(decoding: received, as: UTF8.self).range(of: "\r\n\r\n") {
                let head = String(decoding: received, as: UTF8.self)[..<end.lowerBound]
                var lines = head.components(separatedBy: "\r\n")
                let line = lines.removeFirst()
                var headers: [String: String] = [:]
                for field in lines {
                    guard let colon = field.firstIndex(of: ":") else { continue }
                    headers[field[..<colon].lowercased()] = field[field.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                recorded.withLock { $0.append(Request(line: line, headers: headers)) }
                break
            }
        }
        let body = Array(answer.body.utf8)
        let head = "HTTP/1.1 \(answer.status) Canned\r\nContent-Type: \(answer.contentType)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
            + answer.extraHeaderLines() + "\r\n"
        try? connection.writeAll(Array(head.utf8) + body)
    }
}
