import Foundation

/// Is the system clock plausible? Vouchers activate and expire by date and the backend
/// orders sales by time, so a kiosk booted without NTP (year 1970, or the RTC's battery
/// flat) is a real cause of "my voucher does not work".
public struct ClockCheck: DiagnosticCheck {
    public let id = "clock"
    public init() {}

    /// No kiosk clock may read earlier than this (the release year of this version).
    static let earliestPlausible = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01T00:00:00Z

    public func run(in environment: DiagnosticEnvironment) -> DiagnosticResult {
        let title = "system clock plausible"
        let formatter = ISO8601DateFormatter()
        let now = formatter.string(from: environment.now)
        if environment.now < Self.earliestPlausible {
            return DiagnosticResult(
                id: id, title: title, status: .failed,
                evidence: "the clock reads \(now), before this software was released",
                fix: "timedatectl set-ntp true (and allow NTP through the firewall); replace the RTC battery if it resets at boot")
        }
        let synchronized = environment.system("/run/systemd/timesync/synchronized")
        if environment.systemRoot == "/" || SystemFiles.exists(environment.system("/run/systemd")) {
            if !SystemFiles.exists(synchronized) {
                return DiagnosticResult(
                    id: id, title: title, status: .warning,
                    evidence: "the clock reads \(now) but systemd-timesyncd has not confirmed synchronisation (\(synchronized) missing)",
                    fix: "timedatectl set-ntp true; timedatectl timesync-status")
            }
        }
        return DiagnosticResult(id: id, title: title, status: .ok, evidence: "the clock reads \(now)")
    }
}
