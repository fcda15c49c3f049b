/// Is `kioskd` running and answering? Asks `GET /v1/health` on the API's unix socket, then
/// on its TCP address. Without the daemon, no badge, scan or sale reaches the kiosk screen.
public struct DaemonCheck: DiagnosticCheck {
    public let id = "daemon"
    public init() {}

    /// Device states that are no problem: working, simulated, not installed on this kiosk, or a
    /// printer configured that has not printed yet.
    static let untroubledStates: Set<String> = ["connected", "simulated", "absent", "configured"]

    public func run(in environment: DiagnosticEnvironment) -> DiagnosticResult {
        let title = "kioskd running and answering"
        let client = LocalAPIClient(endpoints: environment.daemonEndpoints, timeoutMilliseconds: environment.networkTimeoutMilliseconds)
        let response: LocalAPIResponse
        do {
            response = try client.get("/v1/health")
        } catch {
            switch error {
            case .unreachable(let attempts):
                let tried = attempts.isEmpty ? "no API socket or address to try" : attempts.joined(separator: "; ")
                return DiagnosticResult(
                    id: id, title: title, status: .failed, evidence: "kioskd is not running: \(tried)",
                    fix: "systemctl start kioskd; if it stops again: systemctl status kioskd and journalctl -u kioskd -n 50 (exit 78 = configuration, see the config check)")
            case .exchangeFailed(let endpoint, let reason):
                return DiagnosticResult(
                    id: id, title: title, status: .failed,
                    evidence: "something accepts connections on \(endpoint) but does not answer as kioskd: \(reason)",
                    fix: "find the process: ss -lxp | grep api.sock; ss -ltnp; restart kioskd: systemctl restart kioskd")
            }
        }
        guard let health = DaemonHealth.parse(response.body) else {
            return DiagnosticResult(
                id: id, title: title, status: .failed,
                evidence: "\(response.endpoint) answers GET /v1/health with HTTP \(response.status) but no health document",
                fix: "check what listens there (ss -lxp; ss -ltnp) and that it is kioskd: systemctl status kioskd")
        }
        let summary = "kioskd \(health.version ?? "(version unknown)") answers on \(response.endpoint): status \(health.status)"
            + (health.mode.map { ", \($0) mode" } ?? "")
        var problems: [String] = []
        if health.loyaltyAvailable == false { problems.append("loyalty unavailable: \(health.loyaltyReason ?? "no reason given")") }
        for device in health.devices where !Self.untroubledStates.contains(device.state) {
            problems.append("\(device.kind) \(device.state)" + (device.detail.map { " (\($0))" } ?? ""))
        }
        if health.status != "ok" || !problems.isEmpty {
            return DiagnosticResult(
                id: id, title: title, status: .warning,
                evidence: summary + (problems.isEmpty ? "" : "; " + problems.joined(separator: "; ")),
                fix: "see the device, outbox and backend checks below; kioskctl status shows the daemon's view")
        }
        return DiagnosticResult(id: id, title: title, status: .ok, evidence: summary)
    }
}
