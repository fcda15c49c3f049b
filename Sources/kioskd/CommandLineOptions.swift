import Foundation
import KioskService

/// What `kioskd`'s command line asks for.
enum KioskdCommand {
    /// Run the daemon.
    case run(DaemonOptions)
    /// Load the configuration, report, exit (0 valid, 78 invalid).
    case checkConfig(DaemonOptions)
    /// Print the help text and exit 0.
    case help
    /// Print the version and exit 0.
    case version
}

/// A bad command line: ends `kioskd` with exit code 2 and the usage text.
struct UsageError: Error, CustomStringConvertible {
    let description: String
}

let usageText = """
    usage: kioskd [--config FILE] [--simulate] [--log-level LEVEL] [--now TIME]
           kioskd --check-config [--config FILE]
           kioskd --help | --version

    The loyalty daemon of a self-service kiosk.

    options:
      --config FILE      the configuration (kioskd.json); without it, embedded defaults:
                         state in ./.state/, API on 127.0.0.1:8765
      --simulate         virtual badge reader, scanner and file printer, driven over the API
      --log-level LEVEL  one of \(LogLevel.names.joined(separator: ", ")) (overrides the config's logLevel)
      --now TIME         start the wall clock at TIME (ISO 8601, e.g. 2025-03-01T10:00:00Z); tests only
      --check-config     load the configuration, print any error, exit
      --help             this text
      --version          the version

    exit codes: 0 stopped cleanly, 1 a service failed, 2 usage, 69 unavailable, 78 configuration error

    """

/// Parses `kioskd`'s arguments (without the program name).
/// - Throws: `UsageError` naming the faulty argument.
func parseCommandLine(_ arguments: [String]) throws -> KioskdCommand {
    var options = DaemonOptions()
    var checkOnly = false
    var remaining = arguments[...]
    func value(for flag: String, inline: String?) throws -> String {
        if let inline { return inline }
        guard let next = remaining.popFirst(), !next.hasPrefix("--") else {
            throw UsageError(description: "option '\(flag)' needs a value")
        }
        return next
    }
    while let argument = remaining.popFirst() {
        var flag = argument
        var inline: String?
        if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
            flag = String(argument[..<equals])
            inline = String(argument[argument.index(after: equals)...])
        }
        switch flag {
        case "--help", "-h": return .help
        case "--version": return .version
        case "--simulate": options.simulate = true
        case "--check-config": checkOnly = true
        case "--config", "-c":
            options.configPath = try value(for: flag, inline: inline)
        case "--log-level":
            let name = try value(for: flag, inline: inline)
            guard let level = LogLevel(name: name) else {
                throw UsageError(description: "--log-level: expected one of \(LogLevel.names.joined(separator: ", ")), got '\(name)'")
            }
            options.logLevel = level
        case "--now":
            let text = try value(for: flag, inline: inline)
            guard let date = ISO8601DateFormatter().date(from: text) else {
                throw UsageError(description: "--now: expected an ISO 8601 time such as 2025-03-01T10:00:00Z, got '\(text)'")
            }
            options.now = date
        default:
            throw UsageError(description: "unknown argument '\(argument)'")
        }
    }
    return checkOnly ? .checkConfig(options) : .run(options)
}
