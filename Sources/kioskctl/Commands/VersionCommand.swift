import KioskService
import StrictJSON

/// `kioskctl version`: prints the version of the tools.
enum VersionCommand: KioskctlCommand {
    static let name = "version"
    static let summary = "print the version"
    static let help = """
        usage: kioskctl version [--json]

        Prints kioskctl's version (the daemon's own is in `kioskctl status`).
        --json prints {"kioskctl": "<version>"}.
        """
    static func run(_ arguments: [String]) throws -> ExitCode {
        let args = try Arguments(arguments)
        guard args.positionals.isEmpty else { throw CommandFailure(.usage, "unexpected argument '\(args.positionals[0])'") }
        if args.has("json") {
            print(JSONWriter.string(.object(JSONObject([(key: "kioskctl", value: .string(KioskdVersion.current))]))))
        } else {
            print("kioskctl \(KioskdVersion.current)")
        }
        return .ok
    }
}
