import Foundation

/// Is the system clock plausible? Vouchers activate and expire by date and the backend
/// orders sales by time, so a kiosk booted without NTP (year 1970, or the RTC's battery
/// flat) is a real cause of "my voucher does not work".
public struct ClockCheck: DiagnosticCheck {
    public let id = "clock"
    public init() {}

    /// No kiosk clock may read earlier than this (the release year of this version).
    static let earliestPlausible = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01T00:00:00Z
    /// A difference with the backend's clock from which the check fails: a voucher created
    /// near midnight would activate a day early or late, sales arrive out of order.
    public static let failingSkewSeconds: TimeInterval = 5 * 60
    /// A difference with the backend's clock from which the check warns (NTP keeps a kiosk
    /// within a second; the `Date` header has a resolution of one second).
    public static let warningSkewSeconds: TimeInterval = 60

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
        var compared = ""
        if let reading = environment.backendClock.reading {
            let skew = reading.skewSeconds
            let distance = DurationText.describe(seconds: Int(abs(skew).rounded()))
            let side = skew > 0 ? "ahead of" : "behind"
            let evidence = "the clock reads \(now), \(distance) \(side) the clock of \(reading.host) (its answer was dated \(HTTPDate.format(reading.serverDate)))"
            let setTime = "timedatectl set-ntp true and check timedatectl timesync-status (allow NTP, UDP 123, through the store's firewall); "
                + "without NTP set it by hand: timedatectl set-time '\(Self.utcText(reading.serverDate))' (the backend's time when asked)"
            if abs(skew) >= Self.failingSkewSeconds {
                return DiagnosticResult(
                    id: id, title: title, status: .failed,
                    evidence: evidence + ": vouchers activate and expire on the wrong day, sales reach the backend with wrong times",
                    fix: setTime)
            }
            if abs(skew) >= Self.warningSkewSeconds {
                return DiagnosticResult(id: id, title: title, status: .warning, evidence: evidence, fix: setTime)
            }
            compared = ", within \(distance) of the clock of \(reading.host)"
        }
        let synchronized = environment.system("/run/systemd/timesync/synchronized")
        if environment.systemRoot == "/" || SystemFiles.exists(environment.system("/run/systemd")) {
            if !SystemFiles.exists(synchronized) {
                return DiagnosticResult(
                    id: id, title: title, status: .warning,
                    evidence: "the clock reads \(now)\(compared) but systemd-timesyncd has not confirmed synchronisation (\(synchronized) missing)",
                    fix: "timedatectl set-ntp true; timedatectl timesync-status")
            }
        }
        return DiagnosticResult(id: id, title: title, status: .ok, evidence: "the clock reads \(now)\(compared)")
    }

    /// `2026-03-28 10:00:00 UTC`, as `timedatectl set-time` takes it.
    static func utcText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter.string(from: date)
    }
}
