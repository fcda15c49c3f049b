/// Does the daemon's configuration file load? A file that does not decode stops `kioskd`
/// with exit 78; the check names the key path at fault. The other checks then run on the
/// embedded defaults (and the command line's overrides).
public struct ConfigCheck: DiagnosticCheck {
    public let id = "config"
    public init() {}

    public func run(in environment: DiagnosticEnvironment) -> DiagnosticResult {
        let title = "configuration loads"
        let configuration = environment.configuration
        if let problem = configuration.problem {
            switch problem {
            case .unreadable(let path, let error):
                return DiagnosticResult(
                    id: id, title: title, status: .failed,
                    evidence: "cannot read \(path): \(error); kioskd would exit with code 78. The checks below use the embedded defaults",
                    fix: "restore \(path) (the package's example: /usr/share/doc/kioskd/kioskd.json.example), chmod 644 \(path), then kioskd --check-config --config \(path)")
            case .invalid(let path, let error):
                return DiagnosticResult(
                    id: id, title: title, status: .failed,
                    evidence: "\(path): \(error); kioskd would exit with code 78. The checks below use the embedded defaults",
                    fix: "edit \(path) at \(error.path) (/usr/share/doc/kioskd/deploy.md, step 5), then kioskd --check-config --config \(path) && systemctl restart kioskd")
            }
        }
        let config = configuration.config
        guard let path = configuration.path else {
            return DiagnosticResult(
                id: id, title: title, status: .warning,
                evidence: "no \(environment.system(DiagnosticConfiguration.defaultPath)): using the embedded defaults (kiosk \(config.kioskId), state in \(config.stateDirectory)); kioskd.service needs that file",
                fix: "install the package's example: cp /usr/share/doc/kioskd/kioskd.json.example /etc/kioskd/kioskd.json, edit it, then kioskd --check-config --config /etc/kioskd/kioskd.json")
        }
        var sections: [String] = []
        if configuration.printer != nil { sections.append("printer") }
        if configuration.backend != nil { sections.append("backend") }
        if config.loyalty != nil { sections.append("loyalty") }
        return DiagnosticResult(
            id: id, title: title, status: .ok,
            evidence: "\(path): kiosk \(config.kioskId), store \(config.storeId), state in \(config.stateDirectory)"
                + (sections.isEmpty ? "" : ", with " + sections.joined(separator: ", ")))
    }
}
