import Foundation

/// Can this kiosk reach the store backend, and does the backend accept its token? Without
/// it sales wait in the outbox and accounts are not shared between stores.
public struct BackendCheck: DiagnosticCheck {
    public let id = "backend"
    public init() {}

    public func run(in environment: DiagnosticEnvironment) -> DiagnosticResult {
        let title = "store backend reachable, token accepted"
        guard let backend = environment.configuration.backend else {
            return DiagnosticResult(
                id: id, title: title, status: .warning,
                evidence: "no backend section in \(environment.configuration.source): sales stay on this kiosk and accounts are not shared with other stores",
                fix: "add \"backend\": {\"url\": \"https://…\"} to \(environment.configuration.source) and put the kiosk's token in \(BackendTarget.credentialStoreFile) (mode 0600)")
        }
        let tokenFile = backend.effectiveTokenFile(environment: environment.variables, system: environment.system)
        let replaceToken = "write the kiosk's token from the backend into \(tokenFile) (one line; chmod 600, owner root"
            + (backend.tokenFile == nil ? ", systemd passes it to kioskd as the backend-token credential, then systemctl restart kioskd)"
                : ", readable by kioskd); the running daemon takes it at once, no restart needed")
        let token: String
        switch readToken(tokenFile) {
        case .success(let value): token = value
        case .failure(let reason):
            return DiagnosticResult(
                id: id, title: title, status: .failed,
                evidence: "no backend token: \(reason); kioskd sends nothing without it, closed sales wait in the outbox", fix: replaceToken)
        }
        let host = backend.url.host ?? backend.url.absoluteString
        let port = backend.url.port ?? (backend.url.scheme == "https" ? 443 : 80)
        let probe = BackendProbe(url: backend.url, token: token, timeoutMilliseconds: environment.networkTimeoutMilliseconds)
        let asked = "GET \(probe.probeURL.absoluteString)"
        let firewall = "under systemd kioskd only reaches allowed addresses: systemctl edit kioskd, add [Service] IPAddressAllow=<the backend's address> (getent hosts \(host)); "
            + "check the store's firewall lets this kiosk out to \(host):\(port)"
        let exchange = probe.exchange()
        environment.backendClock.record(host: host, exchange)
        switch exchange.outcome {
        case .answered(let status, let milliseconds) where status == 401 || status == 403:
            return DiagnosticResult(
                id: id, title: title, status: .failed,
                evidence: "token rejected: \(asked) answered HTTP \(status) in \(milliseconds) ms (token from \(tokenFile))",
                fix: "the backend no longer knows this token: ask its operator for this kiosk's current one and " + replaceToken)
        case .answered(let status, let milliseconds) where (200..<300).contains(status) || status == 404:
            return DiagnosticResult(
                id: id, title: title, status: .ok,
                evidence: "\(host) answered \(asked) with HTTP \(status) in \(milliseconds) ms: token accepted")
        case .answered(let status, let milliseconds) where status >= 500 || status == 429 || status == 408:
            return DiagnosticResult(
                id: id, title: title, status: .warning,
                evidence: "\(host) answered \(asked) with HTTP \(status) in \(milliseconds) ms: the backend is in trouble; sales wait in the outbox and are retried",
                fix: "nothing on the kiosk; tell the backend's operator (HTTP \(status) at \(backend.url.absoluteString))")
        case .answered(let status, let milliseconds):
            return DiagnosticResult(
                id: id, title: title, status: .warning,
                evidence: "\(host) answered \(asked) with HTTP \(status) in \(milliseconds) ms, not what a kioskd backend answers",
                fix: "check backend.url in \(environment.configuration.source) (it is the base URL, without /v1)")
        case .nameNotResolved(let reason):
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: "cannot resolve \(host) (DNS): \(reason)",
                fix: "check DNS: resolvectl status and getent hosts \(host); fix /etc/resolv.conf or the network's DNS, or put the backend's address in backend.url")
        case .refused(let reason):
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: "nothing accepts connections at \(host):\(port): \(reason)",
                fix: "check backend.url in \(environment.configuration.source) and that the backend is up; " + firewall)
        case .timedOut(let reason):
            return DiagnosticResult(
                id: id, title: title, status: .failed,
                evidence: "no answer from \(host):\(port) within \(environment.networkTimeoutMilliseconds) ms (packets dropped: a firewall, or no route): \(reason)",
                fix: firewall)
        case .tlsFailed(let reason):
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: "TLS with \(host) failed: \(reason)",
                fix: "check the clock (see the clock check) and the CA certificates: apt-get install --reinstall ca-certificates")
        case .failed(let reason):
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: "\(asked) failed: \(reason)",
                fix: "check backend.url in \(environment.configuration.source); " + firewall)
        }
    }

    private enum TokenRead { case success(String), failure(String) }

    private func readToken(_ path: String) -> TokenRead {
        guard FileManager.default.fileExists(atPath: path) else { return .failure("\(path) does not exist") }
        guard let data = FileManager.default.contents(atPath: path) else { return .failure("\(path) is not readable by this user (run kioskctl as root)") }
        let token = String(decoding: data.prefix(4096), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { return .failure("\(path) is empty") }
        guard token.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else {
            return .failure("\(path) holds spaces or control characters, not a token")
        }
        return .success(token)
    }
}
