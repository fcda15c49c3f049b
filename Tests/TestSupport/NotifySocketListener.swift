import Foundation
import LinuxIO

/// A datagram socket bound where a test points `$NOTIFY_SOCKET`, reading what the daemon
/// tells systemd (`READY=1`, `STATUS=…`, `STOPPING=1`).
public final class NotifySocketListener: Sendable {
    /// The address to put in `$NOTIFY_SOCKET` (a path, or `@name` for an abstract socket).
    public let address: String
    private let socket: UnixDatagramSocket

    /// Binds a fresh socket: a file in `directory`, or a random abstract name when nil.
    /// - Throws: `SystemError` for `socket` or `bind`.
    public init(directory: String? = nil) throws {
        socket = try UnixDatagramSocket()
        if let directory {
            address = directory + "/notify.sock"
        } else {
            address = "@kioskd-test-notify-\(UUID().uuidString.prefix(12))"
        }
        try socket.bind(to: address)
    }

    /// The next datagram's `KEY=VALUE` lines, or nil when nothing arrives within `timeout`.
    /// Checks every 5 ms without blocking a thread of the cooperative pool.
    public func next(timeout: Duration = .seconds(60)) async -> [String]? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let events = try? Poll.wait([(socket.descriptor, .readable)], timeoutMilliseconds: 0),
               events.first?.contains(.readable) == true, let bytes = try? socket.receive() {
                return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
            }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Reads datagrams until one contains `line` (e.g. `READY=1`); returns that datagram's
    /// lines and every line read on the way, or nil for the datagram after `timeout`.
    public func waitFor(_ line: String, timeout: Duration = .seconds(60)) async -> (message: [String]?, seen: [String]) {
        let deadline = ContinuousClock.now + timeout
        var seen: [String] = []
        while true {
            // `next` looks at the socket before it looks at the clock, so a task starved past
            // the deadline still reads the datagrams that arrived meanwhile.
            guard let message = await next(timeout: max(deadline - ContinuousClock.now, .zero)) else { break }
            seen += message
            if message.contains(line) { return (message, seen) }
        }
        return (nil, seen)
    }
}
