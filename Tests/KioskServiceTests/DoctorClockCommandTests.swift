import Foundation
import Testing
import TestSupport

/// `kioskctl doctor`'s clock check against the backend's clock: a loopback backend whose
/// answers carry a `Date` header set hours or minutes away from this machine's clock.
@Suite("kioskctl doctor: the clock against the backend's")
struct DoctorClockCommandTests {
    /// Runs doctor on a kiosk whose backend answers `status` dated `offset` seconds from now.
    static func doctor(backendOffset offset: TimeInterval, status: Int = 404) throws -> (ProcessResult, [String: String], CannedHTTPServer) {
        let backend = try CannedHTTPServer(answer: .init(
            status: status, body: #"{"error": {"code": "unknown-credential", "message": "no account"}}"#,
            dateOffset: offset))
        let kiosk = try FakeKiosk()
        try kiosk.root.write("etc/credstore/kioskd.backend-token", "token-1\n")
        try kiosk.config(#""backend": {"url": "\#(backend.url.absoluteString)"}"#)
        let (result, statuses) = try kiosk.doctor()
        backend.stop()
        return (result, statuses, backend)
    }

    @Test("a kiosk 3 hours ahead of the backend fails, naming the difference and NTP", arguments: [404, 401])
    func hoursAhead(status: Int) throws {
        let (result, statuses, backend) = try Self.doctor(backendOffset: -3 * 3_600, status: status)
        #expect(backend.requests.count == 1, "the backend is asked once, by the backend check")
        #expect(statuses["clock"] == "failed", "\(result.stdout)")
        #expect(result.status == 1)
        let check = try FakeKiosk.check(result.stdout, "clock")
        let evidence = check["evidence"] as? String ?? ""
        #expect(evidence.contains("3 h 00 min ahead of the clock of 127.0.0.1"), "\(evidence)")
        #expect(evidence.contains("vouchers activate and expire on the wrong day"), "\(evidence)")
        let fix = check["fix"] as? String ?? ""
        #expect(fix.contains("timedatectl set-ntp true"), "\(fix)")
        #expect(fix.contains("timedatectl set-time '20"), "\(fix)")
    }

    @Test("a kiosk 2 minutes behind warns; doctor still exits 0 for the clock")
    func minutesBehind() throws {
        let (result, statuses, _) = try Self.doctor(backendOffset: 2 * 60 + 5)
        #expect(statuses["clock"] == "warning", "\(result.stdout)")
        let evidence = try FakeKiosk.check(result.stdout, "clock")["evidence"] as? String ?? ""
        #expect(evidence.contains("2 min behind the clock of 127.0.0.1"), "\(evidence)")
    }

    @Test("a kiosk on time says so")
    func onTime() throws {
        let (result, statuses, _) = try Self.doctor(backendOffset: 0)
        #expect(statuses["clock"] == "ok", "\(result.stdout)")
        #expect(statuses["backend"] == "ok", "\(result.stdout)")
        let evidence = try FakeKiosk.check(result.stdout, "clock")["evidence"] as? String ?? ""
        #expect(evidence.contains("of the clock of 127.0.0.1"), "compared with the backend: \(evidence)")
    }

    @Test("a backend answer without a Date leaves the clock check to the local evidence")
    func noDateHeader() throws {
        let backend = try CannedHTTPServer(answer: .init(status: 404))
        defer { backend.stop() }
        let kiosk = try FakeKiosk()
        try kiosk.root.write("etc/credstore/kioskd.backend-token", "token-1\n")
        try kiosk.config(#""backend": {"url": "\#(backend.url.absoluteString)"}"#)
        let (result, statuses) = try kiosk.doctor()
        #expect(statuses["clock"] == "ok", "\(result.stdout)")
        let evidence = try FakeKiosk.check(result.stdout, "clock")["evidence"] as? String ?? ""
        #expect(!evidence.contains("127.0.0.1"), "\(evidence)")
    }
}
