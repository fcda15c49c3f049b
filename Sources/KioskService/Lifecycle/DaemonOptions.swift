import Foundation

/// What the command line asked of `kioskd`, once parsed.
public struct DaemonOptions: Sendable {
    /// `--config FILE`; nil runs on the embedded defaults.
    public var configPath: String?
    /// `--simulate`: virtual badge reader, scanner and file printer driven over the API.
    public var simulate: Bool
    /// `--log-level LEVEL`; overrides the config's `logLevel`.
    public var logLevel: LogLevel?
    /// `--now T`: the wall clock starts at this instant (tests replay "the next day").
    public var now: Date?

    public init(configPath: String? = nil, simulate: Bool = false, logLevel: LogLevel? = nil, now: Date? = nil) {
        self.configPath = configPath
        self.simulate = simulate
        self.logLevel = logLevel
        self.now = now
    }
}
