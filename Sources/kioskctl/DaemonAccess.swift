import Foundation
import KioskService

/// How a command reaches the running daemon: the configuration (`--config`, default
/// `/etc/kioskd/kioskd.json` when present, else the embedded defaults) and the API endpoints
/// it implies, or `--api` when given.
struct DaemonAccess {
    let configuration: DiagnosticConfiguration
    let endpoints: [LocalAPIEndpoint]

    /// Reads `--config` and `--api` from `args`.
    /// - Throws: `CommandFailure(.config)` naming the key path when the configuration does not
    ///   load; `.usage` for a malformed `--api`.
    static func resolve(_ args: Arguments) throws -> DaemonAccess {
        let configuration = DiagnosticConfiguration.load(explicitPath: args.value("config"))
        if let problem = configuration.problem { throw CommandFailure(.config, "\(problem)") }
        if let text = args.value("api") {
            guard let endpoint = LocalAPIEndpoint(parsing: text) else {
                throw CommandFailure(.usage, "--api: expected unix:/path/api.sock or 127.0.0.1:8765, got \"\(text)\"")
            }
            return DaemonAccess(configuration: configuration, endpoints: [endpoint])
        }
        let endpoints = LocalAPIEndpoint.candidates(api: configuration.config.api, stateDirectory: configuration.config.stateDirectory)
        return DaemonAccess(configuration: configuration, endpoints: endpoints)
    }

    /// The exit-69 failure for a daemon that cannot be reached, saying how to start it.
    static func unavailable(_ error: LocalAPIError) -> CommandFailure {
        switch error {
        case .unreachable(let attempts):
            let tried = attempts.isEmpty ? "no API socket or address to try" : attempts.joined(separator: "; ")
            return CommandFailure(.unavailable, """
                kioskd is not running (\(tried)).
                Start it: systemctl start kioskd (in a source tree: make run). If it stops again, \
                journalctl -u kioskd -n 50 says why; kioskctl doctor checks everything it needs.
                """)
        case .exchangeFailed(let endpoint, let reason):
            return CommandFailure(.unavailable, "the daemon on \(endpoint) does not answer: \(reason). Restart it: systemctl restart kioskd")
        }
    }
}
