import Foundation
import Testing
import TestSupport
@testable import KioskService

/// The clock check with fixed instants: a kiosk booted in 1970, and the boundaries of the
/// difference with the backend's clock.
@Suite("doctor's clock check")
struct ClockCheckTests {
    static let now = Date(timeIntervalSince1970: 1_774_692_000)  // 2026-03-28T10:00:00Z

    /// An environment on an empty system tree (no /run/systemd: timesyncd is not asked).
    static func environment(now: Date = now) -> (DiagnosticEnvironment, TemporaryDirectory) {
        let root = TemporaryDirectory(prefix: "clock-root")
        return (DiagnosticEnvironment(systemRoot: root.path, now: now), root)
    }

    @Test("a kiosk booted with the clock at 1970 fails, with NTP and the RTC battery as the fix")
    func epoch() {
        let (environment, root) = Self.environment(now: Date(timeIntervalSince1970: 0))
        let result = withExtendedLifetime(root) { ClockCheck().run(in: environment) }
        #expect(result.status == .failed)
        #expect(result.evidence.contains("1970-01-01T00:00:00Z, before this software was released"), "\(result.evidence)")
        #expect(result.fix?.contains("timedatectl set-ntp true") == true)
        #expect(result.fix?.contains("RTC battery") == true)
    }

    @Test("the difference with the backend's clock", arguments: [
        (TimeInterval(0), DiagnosticResult.Status.ok, "within 0 s of the clock of backend.example"),
        (59, .ok, "within 59 s of the clock of backend.example"),
        (60, .warning, "1 min ahead of the clock of backend.example"),
        (-299, .warning, "4 min behind the clock of backend.example"),
        (300, .failed, "5 min ahead of the clock of backend.example"),
        (-86_400 * 2, .failed, "2 d 0 h behind the clock of backend.example"),
    ])
    func skew(seconds: TimeInterval, status: DiagnosticResult.Status, evidence: String) {
        let (environment, root) = Self.environment()
        environment.backendClock.record(host: "backend.example", BackendProbe.Exchange(
            outcome: .answered(status: 404, milliseconds: 3), serverDate: Self.now.addingTimeInterval(-seconds), receivedAt: Self.now))
        let result = withExtendedLifetime(root) { ClockCheck().run(in: environment) }
        #expect(result.status == status, "\(result.evidence)")
        #expect(result.evidence.contains(evidence), "\(result.evidence)")
    }

    @Test("no answer from the backend leaves only the local evidence")
    func noReading() {
        let (environment, root) = Self.environment()
        environment.backendClock.record(host: "backend.example", BackendProbe.Exchange(
            outcome: .refused("Connection refused"), serverDate: nil, receivedAt: Self.now))
        let result = withExtendedLifetime(root) { ClockCheck().run(in: environment) }
        #expect(result.status == .ok)
        #expect(result.evidence == "the clock reads 2026-03-28T10:00:00Z")
    }
}
