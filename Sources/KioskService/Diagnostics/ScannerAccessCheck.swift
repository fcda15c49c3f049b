/// Can the daemon's user open the barcode scanners? Looks at the configured devices, else
/// at the `/dev/kiosk/scanner-*` links the project's udev rules create.
public struct ScannerAccessCheck: DiagnosticCheck {
    public let id = "scanner-access"
    public init() {}

    public func run(in environment: DiagnosticEnvironment) -> DiagnosticResult {
        let title = "barcode scanners readable by '\(environment.daemonUser)'"
        var devices = environment.scannerDevices.map(environment.system)
        if devices.isEmpty {
            let directory = environment.system("/dev/kiosk")
            devices = SystemFiles.list(directory).filter { $0.hasPrefix("scanner-") }.map { directory + "/" + $0 }
        }
        guard !devices.isEmpty else {
            return DiagnosticResult(
                id: id, title: title, status: .warning,
                evidence: "no scanner configured and no /dev/kiosk/scanner-* link: no scanner plugged in, or udev rules not installed",
                fix: "plug the scanner in; check `kioskctl devices`; install kioskd (its rules are /usr/lib/udev/rules.d/70-kioskd-*.rules) or copy udev/*.rules to /etc/udev/rules.d, then udevadm control --reload && udevadm trigger")
        }
        guard let user = SystemFiles.identity(of: environment.daemonUser, in: environment) else {
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: "no user '\(environment.daemonUser)' in /etc/passwd",
                fix: "systemd-sysusers (the package ships /usr/lib/sysusers.d/kioskd.conf)")
        }
        var problems: [String] = []
        var seen: [String] = []
        for device in devices {
            guard let info = SystemFiles.status(device) else {
                problems.append("\(device) does not exist")
                continue
            }
            let description = SystemFiles.describe(info, in: environment)
            if SystemFiles.permits(info, uid: user.uid, gids: user.gids, write: false) {
                seen.append("\(device) (\(description))")
            } else {
                problems.append("\(device) is \(description), not readable by \(environment.daemonUser)")
            }
        }
        if !problems.isEmpty {
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: problems.joined(separator: "; "),
                fix: "usermod -aG input \(environment.daemonUser) (or install the package's udev rules so scanners get group kioskd), then systemctl restart kioskd")
        }
        return DiagnosticResult(id: id, title: title, status: .ok, evidence: seen.joined(separator: "; "))
    }
}
