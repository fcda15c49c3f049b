import Devices
import Foundation
import KioskService
import LinuxIO
import StrictJSON

/// `kioskctl watch`: live events from the daemon, or straight from the devices when it is
/// stopped; `--raw` shows the scanner's key events for keymap trouble.
enum WatchCommand: KioskctlCommand {
    static let name = "watch"
    static let summary = "live events from the daemon, or from the devices when it is stopped"
    static let help = """
        usage: kioskctl watch [--json] [--count N] [--seconds S] [--config FILE] [--api ENDPOINT]
                              [--token-file FILE] [--devices] [--raw] [--scanner PATH]
                              [--keymap us|be|fr|de] [--no-pcsc]

        With kioskd running: its event stream (GET /v1/events, authenticated with the API
        token file, api.tokenFile or <stateDirectory>/api-token): device, scan, badge,
        identified, confirmation-required, confirmed, confirmation-failed, sale-closed,
        printed, print-failed. With kioskd stopped (or --devices): the configured scanners
        (evdev nodes, FIFOs or files of input_event records) and the PC/SC readers, read
        directly: scans, badges, cards removed, devices appearing and going.

        --raw           the scanners' raw key events: code, name, press/release, the character
                        each layout (us, be, fr, de) would type, and the scan the configured
                        keymap assembles. A scan that reads wrong shows which keymap is right.
                        Read directly from the devices (stop kioskd first: it grabs scanners).
        --scanner PATH  read this device instead of the configured scanners
        --keymap NAME   decode with this layout instead of the configured one
        --no-pcsc       leave the PC/SC readers alone (devices mode)
        --count N       stop after N events (scans, badges, cards removed, daemon events;
                        key presses with --raw)
        --seconds S     stop after S seconds
        --json          one JSON object per line: {"time", "source", "event", ...}

        Exit status: 0 when stopped by --count or --seconds, 1 when the daemon refuses the
        token, 69 when the daemon stops during the watch, 78 for a configuration error.
        """

    static func run(_ arguments: [String]) throws -> ExitCode {
        let args = try Arguments(
            arguments, flags: ["json", "raw", "devices", "no-pcsc"],
            options: ["count", "seconds", "config", "api", "token-file", "scanner", "keymap"])
        guard args.positionals.isEmpty else { throw CommandFailure(.usage, "unexpected argument '\(args.positionals[0])'") }
        let count = try args.integer("count", default: Int.max, min: 1)
        let seconds = try args.integer("seconds", default: 0, min: 1, max: 7 * 86_400)
        let bounds = WatchBounds(count: count, deadline: seconds == 0 ? nil : monotonicNanoseconds() + UInt64(seconds) * 1_000_000_000)
        if let keymap = args.value("keymap"), Keymap.named(keymap) == nil {
            throw CommandFailure(.usage, "--keymap: expected one of \(Keymap.names.joined(separator: ", ")), got \"\(keymap)\"")
        }
        let output = WatchOutput(json: args.has("json"))
        let access = try DaemonAccess.resolve(args)
        let scanner = WatchSources.scannerConfiguration(access.configuration, path: args.value("scanner"), keymap: args.value("keymap"))
        if args.has("raw") {
            if (try? LocalAPIClient(endpoints: access.endpoints, timeoutMilliseconds: 1_000).get("/v1/health")) != nil {
                output.note("kioskd is running and grabs hardware scanners (EVIOCGRAB): raw key events may not arrive; stop it first (systemctl stop kioskd)")
            }
            return try RawKeyWatch.run(scanner: scanner, keymap: args.value("keymap"), output: output, bounds: bounds)
        }
        if !args.has("devices") {
            switch try daemonStream(access, tokenFile: args.value("token-file")) {
            case .stream(let stream):
                output.note("events from kioskd on \(stream.endpoint)")
                return try watchDaemon(stream, output: output, bounds: bounds)
            case .notRunning(let reason):
                output.note("kioskd is not running (\(reason)): watching the devices directly")
            }
        }
        let badgeReader = args.has("no-pcsc") ? nil : access.configuration.badgeReader
        let paths = scanner.devices.compactMap { if case .path(let path) = $0.match { path } else { nil } }
        if paths.isEmpty {
            output.note(scanner.discover
                ? "no scanner configured: watching \(scanner.discoveryDirectory)/\(scanner.discoveryPrefix)* (scanners appear when plugged in)"
                : "no scanner configured")
        }
        let config = access.configuration.config
        return try runBlocking {
            await DeviceWatch.run(scanner: scanner, badgeReader: badgeReader, identity: config.identity, output: output, bounds: bounds)
        }
    }

    private enum DaemonConnection {
        case stream(LocalAPIEventStream)
        case notRunning(String)
    }

    /// Opens the daemon's event stream, or says why the daemon is not there.
    /// - Throws: `CommandFailure(.problemsFound)` when the token cannot be read or is refused.
    private static func daemonStream(_ access: DaemonAccess, tokenFile: String?) throws -> DaemonConnection {
        let probe = LocalAPIClient(endpoints: access.endpoints, timeoutMilliseconds: 2_000)
        do {
            _ = try probe.get("/v1/health")
        } catch {
            return .notRunning("\(error)")
        }
        let file = tokenFile.map(APITokenFile.init(path:)) ?? access.configuration.apiTokenFile
        let token: String
        do {
            guard let read = try file.read() else {
                throw CommandFailure(.problemsFound, "no API token at \(file.path): kioskd writes it at start; give --token-file or --config")
            }
            token = read
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(.problemsFound, "cannot read the API token (\(error)): run kioskctl as root or as a member of group kioskd")
        }
        let client = LocalAPIClient(endpoints: access.endpoints, token: token, timeoutMilliseconds: 5_000)
        do {
            return .stream(try client.openEventStream("/v1/events"))
        } catch .exchangeFailed(let endpoint, let reason) where reason.hasPrefix("HTTP 401") {
            throw CommandFailure(.problemsFound, "kioskd on \(endpoint) refused the token from \(file.path) (\(reason)): it was rotated or is another kiosk's; give the current one with --token-file")
        } catch {
            throw DaemonAccess.unavailable(error)
        }
    }

    /// Prints the daemon's events until the bounds are reached or the daemon goes away.
    private static func watchDaemon(_ stream: LocalAPIEventStream, output: WatchOutput, bounds: WatchBounds) throws -> ExitCode {
        var seen = 0
        while seen < bounds.count {
            let remaining = bounds.remainingMilliseconds(now: monotonicNanoseconds())
            if remaining == 0 { return .ok }
            let message: EventStreamMessage?
            do {
                message = try stream.next(timeoutMilliseconds: remaining)
            } catch {
                throw CommandFailure(.unavailable, "the event stream broke: \(error)")
            }
            guard let message else {
                if stream.isEnded { throw CommandFailure(.unavailable, "kioskd closed the event stream (stopped or restarting)") }
                continue
            }
            let data: JSONValue = (try? JSONCursor.parse(Array(message.data.utf8)).value) ?? .string(message.data)
            var fields = JSONObject([(key: "event", value: .string(message.event))])
            if let id = message.id { fields["id"] = .string(id) }
            fields["data"] = data
            output.emit(source: "daemon", text: "\(message.event) \(message.data)", fields: fields)
            seen += 1
        }
        return .ok
    }
}
