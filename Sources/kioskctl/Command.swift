import KioskService

/// One `kioskctl` subcommand: a value with a name, a help text and a `run` returning an exit code.
protocol KioskctlCommand {
    /// The word typed after `kioskctl` (e.g. `quote`).
    static var name: String { get }
    /// One line shown in `kioskctl --help`.
    static var summary: String { get }
    /// The full `--help` text of the subcommand.
    static var help: String { get }
    /// Runs the command with the arguments after its name.
    /// - Throws: `CommandFailure` to end with its exit code and message.
    static func run(_ arguments: [String]) throws -> ExitCode
}
