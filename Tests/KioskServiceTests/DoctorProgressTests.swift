import Foundation
import Testing
import TestSupport

/// `kioskctl doctor` names the check it runs while a person watches.
@Suite("kioskctl doctor progress")
struct DoctorProgressTests {
    @Test("on a terminal, each check is announced then wiped before the report; never in JSON")
    func doctorOnTerminal() async throws {
        let kiosk = try FakeKiosk()
        let arguments = ["doctor", "--system-root", kiosk.root.path, "--state-dir", kiosk.state.path]
        let screen = try await offPool { try TerminalProcessRunner.run(BuiltProducts.kioskctl, arguments, stderrOnTerminal: true) }
        #expect(screen.status == 1, "the fake kiosk has no pcscd")
        #expect(screen.stdout.contains("\r\u{1B}[K[1/12] checking config…"), "\(screen.stdout.prefix(200))")
        #expect(screen.stdout.contains("[12/12] checking clock…\r\u{1B}[K[WARN] config"), "the last announcement is wiped before the report")
        let json = try await offPool { try TerminalProcessRunner.run(BuiltProducts.kioskctl, arguments + ["--json"], stderrOnTerminal: true) }
        #expect(!json.stdout.contains("checking"), "JSON stays clean for scripts")
        let piped = try ProcessRunner.run(BuiltProducts.kioskctl, arguments)
        #expect(piped.stderr.isEmpty, "nothing announced in a pipe: \(piped.stderr)")
    }
}
