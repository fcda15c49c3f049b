import Foundation
import KioskService
import StrictJSON

/// `kioskctl doctor`: runs every diagnostic check and prints status, evidence and fix.
enum DoctorCommand: KioskctlCommand {
    static let name = "doctor"
    static let summary = "find out why loyalty does not work on this kiosk"
    static let help = """
        usage: kioskctl doctor [--json] [--config FILE] [--state-dir DIR] [--user NAME]
                               [--scanner PATH] [--printer TARGET] [--api ENDPOINT]
                               [--system-root DIR]

        Checks, in order: the configuration, the daemon (GET /v1/health), pcscd, kernel NFC
        drivers holding the reader, the badge readers pcscd lists (and whether a card is on
        them), scanner and printer permissions for the daemon's user, the printer's own status
        (DLE EOT: paper out, cover open, offline), the state directory (writable, free space),
        the outbox (sales waiting, dead letters), the store backend (reachable, token accepted)
        and the clock (plausible, NTP, and against the Date of the backend's answer). Works
        whether the daemon runs or not. Each check prints what it saw and the command or file
        that fixes it. On a terminal, the check being run is shown on stderr.

        --config FILE       the daemon's configuration (default /etc/kioskd/kioskd.json when it
                            exists, else the embedded defaults). A file that does not load is a
                            failed "config" check naming the key path, and the other checks run
                            on the embedded defaults: doctor still exits 1, not 78.
        --state-dir DIR     instead of the configuration's stateDirectory
        --user NAME         the daemon's user (default kioskd)
        --scanner PATH      check this scanner node instead of the configured ones
        --printer TARGET    ask this printer: tcp://host:port, a device path, serial:PATH, usb:PATH
        --api ENDPOINT      reach the daemon there: unix:/run/kioskd/api.sock or 127.0.0.1:8765
        --system-root DIR   look at DIR/proc, DIR/sys, DIR/dev, DIR/run, DIR/etc instead of /
                            (for a copy of a kiosk's tree taken by a technician)
        Exit status: 0 when no check failed, 1 when one did (warnings do not count).
        """

    static func run(_ arguments: [String]) throws -> ExitCode {
        let args = try Arguments(arguments, options: ["config", "state-dir", "user", "scanner", "printer", "system-root", "api"])
        guard args.positionals.isEmpty else { throw CommandFailure(.usage, "unexpected argument '\(args.positionals[0])'") }
        let root = args.value("system-root") ?? "/"
        let configuration = DiagnosticConfiguration.load(explicitPath: args.value("config"), systemRoot: root)
        let printer = try args.value("printer").map { text in
            guard let connection = PrinterTarget.connection(parsing: text, configured: configuration.printer?.connection) else {
                throw CommandFailure(.usage, "--printer: expected tcp://host:port, a device path, serial:PATH, usb:PATH or file:PATH, got \"\(text)\"")
            }
            return PrinterTarget.configuration(connection, configured: configuration.printer)
        }
        let endpoint = try args.value("api").map { text in
            guard let endpoint = LocalAPIEndpoint(parsing: text) else {
                throw CommandFailure(.usage, "--api: expected unix:/path/api.sock or 127.0.0.1:8765, got \"\(text)\"")
            }
            return endpoint
        }
        let environment = DiagnosticEnvironment.configured(
            configuration, systemRoot: root, stateDirectory: args.value("state-dir"), daemonUser: args.value("user") ?? "kioskd",
            scanner: args.value("scanner"), printer: printer, daemonEndpoint: endpoint)
        // Network checks can take seconds: show which check runs when a person is watching.
        let progress = !args.has("json") && isatty(STDOUT_FILENO) == 1 && isatty(STDERR_FILENO) == 1
        let checks = LocalDiagnostics.all
        var results: [DiagnosticResult] = []
        for (index, check) in checks.enumerated() {
            if progress { FileHandle.standardError.write(Data("\r\u{1B}[K[\(index + 1)/\(checks.count)] checking \(check.id)…".utf8)) }
            results.append(check.run(in: environment))
        }
        if progress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let failed = results.contains { $0.status == .failed }
        if args.has("json") {
            print(JSONWriter.string(.object(JSONObject([
                (key: "ok", value: .bool(!failed)),
                (key: "config", value: .string(configuration.source)),
                (key: "checks", value: .array(results.map(\.json))),
            ])), indent: 2))
        } else {
            print(DiagnosticReport.render(results), terminator: "")
        }
        return failed ? .problemsFound : .ok
    }
}
