import Foundation
import KioskService
import StrictJSON

/// `kioskctl doctor`: runs every diagnostic check and prints status, evidence and fix.
enum DoctorCommand: KioskctlCommand {
    static let name = "doctor"
    static let summary = "find out why loyalty does not work on this kiosk"
    static let help = """
        usage: kioskctl doctor [--json] [--state-dir DIR] [--user NAME] [--scanner PATH]
                               [--printer PATH] [--system-root DIR]

        Checks pcscd, kernel NFC drivers holding the reader, scanner and printer permissions
        for the daemon's user, the state directory (writable, free space), and the clock.
        Works whether the daemon runs or not. Each check prints its status, what it saw,
        and the command or file that fixes it.

        --system-root DIR   look at DIR/proc, DIR/sys, DIR/dev, DIR/run, DIR/etc instead of /
                            (for a copy of a kiosk's tree taken by a technician)
        Exit status: 0 when no check failed, 1 when one did.
        """

    static func run(_ arguments: [String]) throws -> ExitCode {
        let args = try Arguments(arguments, options: ["state-dir", "user", "scanner", "printer", "system-root"])
        guard args.positionals.isEmpty else { throw CommandFailure(.usage, "unexpected argument '\(args.positionals[0])'") }
        let environment = DiagnosticEnvironment(
            systemRoot: args.value("system-root") ?? "/",
            stateDirectory: args.value("state-dir") ?? "./.state",
            daemonUser: args.value("user") ?? "kioskd",
            scannerDevices: args.value("scanner").map { [$0] } ?? [],
            printerDevice: args.value("printer"),
            now: Date()
        )
        let results = LocalDiagnostics.all.map { $0.run(in: environment) }
        if args.has("json") {
            print(JSONWriter.string(.object(JSONObject([
                (key: "ok", value: .bool(!results.contains { $0.status == .failed })),
                (key: "checks", value: .array(results.map(\.json))),
            ])), indent: 2))
        } else {
            print(DiagnosticReport.render(results), terminator: "")
        }
        return results.contains { $0.status == .failed } ? .problemsFound : .ok
    }
}
