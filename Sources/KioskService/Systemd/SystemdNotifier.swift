import Foundation
import LinuxIO

/// The systemd notify protocol (`sd_notify(3)`), spoken by hand over `$NOTIFY_SOCKET`.
///
/// Guarantees: without `$NOTIFY_SOCKET` every call does nothing (so the daemon runs the same
/// outside systemd); a failed send is logged once at warning and never stops the daemon;
/// messages are single datagrams of `KEY=VALUE` lines, as `sd_notify` sends them.
public struct SystemdNotifier: Sendable {
    /// The socket address from `$NOTIFY_SOCKET` (a path or `@abstract`), or nil when silent.
    public let address: String?
    /// How often to send `WATCHDOG=1`: half of `$WATCHDOG_USEC`, nil when no watchdog is set
    /// (or when `$WATCHDOG_PID` names another process).
    public let watchdogInterval: Duration?
    private let socket: UnixDatagramSocket?
    private let logger: Logger

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger) {
        self.logger = logger
        let address = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        self.address = address
        if address != nil {
            do {
                socket = try UnixDatagramSocket()
            } catch {
                logger.warning("cannot speak to systemd: \(error)")
                socket = nil
            }
        } else {
            socket = nil
        }
        let pidMatches = environment["WATCHDOG_PID"].map { $0 == String(getpid()) } ?? true
        if pidMatches, let text = environment["WATCHDOG_USEC"], let usec = UInt64(text), usec > 0 {
            watchdogInterval = .microseconds(Int64(usec / 2))
        } else {
            watchdogInterval = nil
        }
    }

    /// Whether messages go anywhere.
    public var isActive: Bool { socket != nil }

    /// Sends `READY=1` with a status line: the daemon is up.
    public func ready(status: String) { send(["READY=1", "STATUS=\(status)", "MAINPID=\(getpid())"]) }

    /// Sends `STATUS=<text>`: what the daemon is doing, shown by `systemctl status`.
    public func status(_ text: String) { send(["STATUS=\(text)"]) }

    /// Sends `WATCHDOG=1`: the daemon is alive.
    public func watchdog() { send(["WATCHDOG=1"]) }

    /// Sends `STOPPING=1` with a status line: the daemon is shutting down.
    public func stopping(status: String) { send(["STOPPING=1", "STATUS=\(status)"]) }

    /// Sends one datagram of `lines` joined by newlines.
    public func send(_ lines: [String]) {
        guard let socket, let address else { return }
        let text = lines.map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n")
        do {
            try socket.send(Array(text.utf8), to: address)
        } catch {
            logger.warning("notify '\(address)' failed: \(error)")
        }
    }

    /// Sends `WATCHDOG=1` every `watchdogInterval` until the task is cancelled; returns at once
    /// when no watchdog is configured.
    public func runWatchdog() async {
        guard isActive, let interval = watchdogInterval else { return }
        while !Task.isCancelled {
            watchdog()
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}
