/// Process exit codes shared by `kioskd` and `kioskctl` (sysexits.h values where one fits).
public enum ExitCode: Int32, Sendable {
    /// Everything is fine.
    case ok = 0
    /// The command ran and found problems (e.g. `kioskctl doctor` with a failing check).
    case problemsFound = 1
    /// Bad command line.
    case usage = 2
    /// `EX_UNAVAILABLE`: the daemon (or a service it needs) is not reachable.
    case unavailable = 69
    /// `EX_CONFIG`: a configuration or program file is invalid.
    case config = 78
}

/// An error that ends a command with a given exit code and a one-line message for stderr.
public struct CommandFailure: Error, Sendable, CustomStringConvertible {
    public let exitCode: ExitCode
    public let message: String

    public init(_ exitCode: ExitCode, _ message: String) {
        self.exitCode = exitCode
        self.message = message
    }

    public var description: String { message }
}
