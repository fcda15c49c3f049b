import Foundation
import KioskService
import StrictJSON

/// `kioskctl status`: the running daemon's own view, from `GET /v1/health`.
enum StatusCommand: KioskctlCommand {
    static let name = "status"
    static let summary = "the running daemon's health, version, uptime, outbox and last errors"
    static let help = """
        usage: kioskctl status [--json] [--config FILE] [--api ENDPOINT]

        Asks the running kioskd for its health (GET /v1/health, no token needed) on its unix
        socket, else on its TCP address, and prints its version and mode, how long it has run,
        each device's state and last problem, the backend, the outbox (sales waiting, dead
        letters), the print queue, whether loyalty is available, and its last errors.

        --config FILE     where the daemon's configuration is (default /etc/kioskd/kioskd.json
                          when it exists, else the embedded defaults): it says where the API is
        --api ENDPOINT    ask there instead: unix:/run/kioskd/api.sock or 127.0.0.1:8765
        --json            {"endpoint", "uptimeSeconds", "health": <the daemon's document>}

        Exit status: 0 healthy, 1 degraded, 69 the daemon is not reachable (the message says
        how to start it), 78 the configuration does not load.
        """

    static func run(_ arguments: [String]) throws -> ExitCode {
        let args = try Arguments(arguments, options: ["config", "api"])
        guard args.positionals.isEmpty else { throw CommandFailure(.usage, "unexpected argument '\(args.positionals[0])'") }
        let access = try DaemonAccess.resolve(args)
        let response: LocalAPIResponse
        do {
            response = try LocalAPIClient(endpoints: access.endpoints).get("/v1/health")
        } catch {
            throw DaemonAccess.unavailable(error)
        }
        guard let health = DaemonHealth.parse(response.body) else {
            throw CommandFailure(.unavailable, "\(response.endpoint) answered HTTP \(response.status) without a health document: is it kioskd?")
        }
        let uptime = health.uptimeSeconds
            ?? (response.peer?.processID).flatMap { ProcessUptime.seconds(pid: $0) }
            ?? ProcessUptime.processID(named: "kioskd").flatMap { ProcessUptime.seconds(pid: $0) }
        let healthy = response.status == 200 && health.status == "ok"
        if args.has("json") {
            var object = JSONObject([(key: "endpoint", value: .string("\(response.endpoint)"))])
            object["healthy"] = .bool(healthy)
            object["uptimeSeconds"] = uptime.map { .number(String($0)) } ?? .null
            object["kioskctlVersion"] = .string(KioskdVersion.current)
            object["health"] = health.json
            print(JSONWriter.string(.object(object), indent: 2))
        } else {
            print(report(health, endpoint: response.endpoint, uptime: uptime, pid: response.peer?.processID), terminator: "")
        }
        return healthy ? .ok : .problemsFound
    }

    static func report(_ health: DaemonHealth, endpoint: LocalAPIEndpoint, uptime: Int?, pid: Int32?) -> String {
        var lines: [String] = []
        lines.append("kioskd \(health.version ?? "(version unknown)")\(health.mode.map { ", \($0) mode" } ?? ""): \(health.status) (on \(endpoint))")
        var running = uptime.map { "up \(DurationText.describe(seconds: $0))" } ?? "uptime not reported"
        if let pid { running += ", pid \(pid)" }
        lines.append("  \(running); kioskctl \(KioskdVersion.current)")
        lines.append("devices:")
        let stateWidth = health.devices.map(\.state.count).max() ?? 0
        for device in health.devices {
            var line = "  " + device.kind.padding(toLength: 12, withPad: " ", startingAt: 0) + " " + device.state
            if let name = device.name { line += String(repeating: " ", count: stateWidth - device.state.count + 2) + name }
            if let detail = device.detail { line += " — " + detail }
            lines.append(line)
        }
        if let state = health.backendState {
            lines.append("backend:      \(state)\(health.backendDetail.map { " — \($0)" } ?? "")")
        }
        if let pending = health.outboxPending {
            lines.append("outbox:       \(pending) sale(s) waiting, \(health.outboxDeadLetters ?? 0) dead letter(s)"
                + ((health.outboxDeadLetters ?? 0) > 0 ? " (kioskctl outbox list)" : ""))
        }
        if let queued = health.printQueuePending { lines.append("print queue:  \(queued) job(s) waiting") }
        if let available = health.loyaltyAvailable {
            lines.append("loyalty:      " + (available ? "available" : "UNAVAILABLE — \(health.loyaltyReason ?? "no reason given")"))
        }
        if health.lastErrors.isEmpty {
            lines.append("last errors:  none reported (older ones: journalctl -u kioskd -p warning -n 20)")
        } else {
            lines.append("last errors:")
            lines += health.lastErrors.suffix(10).map { "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
