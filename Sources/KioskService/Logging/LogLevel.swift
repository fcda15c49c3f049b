/// How important a log line is, mapped onto syslog priorities for journald.
///
/// The raw value is the syslog priority (`LOG_ERR` = 3 … `LOG_DEBUG` = 7) written as the
/// `<N>` prefix of each stderr line, which journald reads with `SyslogLevelPrefix=yes`.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    /// `LOG_CRIT` (2): the daemon cannot go on.
    case critical = 2
    /// `LOG_ERR` (3): an operation failed.
    case error = 3
    /// `LOG_WARNING` (4): something is wrong but the daemon copes (retrying, degraded).
    case warning = 4
    /// `LOG_NOTICE` (5): a normal but significant event (started, stopping, device plugged).
    case notice = 5
    /// `LOG_INFO` (6): routine events (a request served, a sale closed).
    case info = 6
    /// `LOG_DEBUG` (7): details for a technician chasing a problem.
    case debug = 7

    /// The names accepted by `--log-level` and the config's `logLevel`, most severe first.
    public static let names = allCases.map(\.description)

    /// The level named `name` (`"debug"`, `"info"`, …), or nil.
    public init?(name: String) {
        guard let level = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = level
    }

    public var description: String {
        switch self {
        case .critical: return "critical"
        case .error: return "error"
        case .warning: return "warning"
        case .notice: return "notice"
        case .info: return "info"
        case .debug: return "debug"
        }
    }

    /// Severity order: `critical` < `error` < … < `debug` (a lower level is more severe).
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
