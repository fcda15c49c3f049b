/// A logger passed explicitly to every part of the daemon (there is no global logger).
///
/// Each event is one line on the sink: `<6>http: listening on 127.0.0.1:8765`, where `<N>` is
/// the syslog priority (see `LogLevel`) and the label says which part of the daemon speaks.
/// Lines below `level` cost nothing: messages are autoclosures, built only when written.
public struct Logger: Sendable {
    /// The part of the daemon that logs (`http`, `scanner`, `relay`), printed before the message.
    public let label: String
    /// The least severe level written.
    public var level: LogLevel
    /// The destination shared by every logger of the process.
    public let sink: LogSink

    public init(label: String, level: LogLevel, sink: LogSink) {
        self.label = label
        self.level = level
        self.sink = sink
    }

    /// The same logger for another part of the daemon.
    public func labelled(_ label: String) -> Logger {
        Logger(label: label, level: level, sink: sink)
    }

    /// Whether a line at `level` would be written.
    public func isEnabled(_ level: LogLevel) -> Bool { level <= self.level }

    /// Writes `message` at `level` when enabled.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String) {
        guard isEnabled(level) else { return }
        sink.write(line: "<\(level.rawValue)>\(label): \(message())")
    }

    public func critical(_ message: @autoclosure () -> String) { log(.critical, message()) }
    public func error(_ message: @autoclosure () -> String) { log(.error, message()) }
    public func warning(_ message: @autoclosure () -> String) { log(.warning, message()) }
    public func notice(_ message: @autoclosure () -> String) { log(.notice, message()) }
    public func info(_ message: @autoclosure () -> String) { log(.info, message()) }
    public func debug(_ message: @autoclosure () -> String) { log(.debug, message()) }
}
