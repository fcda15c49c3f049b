/// Can the daemon's user write to the local receipt printer node (serial or USB)?
/// Network printers are checked by status, not here.
public struct PrinterDeviceCheck: DiagnosticCheck {
    public let id = "printer-device"
    public init() {}

    public func run(in environment: DiagnosticEnvironment) -> DiagnosticResult {
        let title = "receipt printer node writable by '\(environment.daemonUser)'"
        guard let configured = environment.printerDevice else {
            return DiagnosticResult(id: id, title: title, status: .skipped, evidence: "no local printer device configured")
        }
        let device = environment.system(configured)
        guard let info = SystemFiles.status(device) else {
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: "\(device) does not exist: printer unplugged or off",
                fix: "switch the printer on and check its USB cable; `kioskctl devices` lists printers; ls -l /dev/kiosk/")
        }
        guard let user = SystemFiles.identity(of: environment.daemonUser, in: environment) else {
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: "no user '\(environment.daemonUser)' in /etc/passwd",
                fix: "systemd-sysusers (the package ships /usr/lib/sysusers.d/kioskd.conf)")
        }
        let description = SystemFiles.describe(info, in: environment)
        guard SystemFiles.permits(info, uid: user.uid, gids: user.gids, write: true) else {
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: "\(device) is \(description), not writable by \(environment.daemonUser)",
                fix: "usermod -aG lp,dialout \(environment.daemonUser) (or install the package's udev rules), then systemctl restart kioskd")
        }
        return DiagnosticResult(id: id, title: title, status: .ok, evidence: "\(device) (\(description))")
    }
}
