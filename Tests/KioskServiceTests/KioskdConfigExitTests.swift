import Foundation
import Testing
import TestSupport

/// The built `kioskd` binary refuses bad configurations with exit code 78 and one line.
@Suite("kioskd configuration errors")
struct KioskdConfigExitTests {
    @Test("kioskd exits 78 naming the key path", arguments: badConfigs)
    func exitsWithKeyPath(_ bad: BadConfig) async throws {
        let directory = TemporaryDirectory()
        let path = try directory.write("kioskd.json", bad.json)
        let result = try await KioskdProcess.runToExit(arguments: ["--config", path], directory: directory.path)
        #expect(result.status == 78, "exit code for \(bad.name)")
        #expect(result.lines.count == 1, "exactly one line for \(bad.name): \(result.lines)")
        let line = result.lines.first ?? ""
        #expect(line.hasPrefix("<3>"), "an error priority prefix: \(line)")
        #expect(line.contains("'\(path)': \(bad.keyPath): "), "\(bad.name) names \(bad.keyPath): \(line)")
    }

    @Test("a missing file exits 78 with the path and the OS error")
    func missingFile() async throws {
        let directory = TemporaryDirectory()
        let result = try await KioskdProcess.runToExit(arguments: ["--config", "nowhere.json"], directory: directory.path)
        #expect(result.status == 78)
        #expect(result.lines == ["<3>kioskd: config 'nowhere.json': open('nowhere.json'): No such file or directory (errno 2)"])
    }

    @Test("an unreadable file exits 78 with the OS error", .enabled(if: getuid() != 0, "root reads any file"))
    func unreadableFile() async throws {
        let directory = TemporaryDirectory()
        let path = try directory.write("kioskd.json", #"{"kioskId":"k","storeId":"s"}"#)
        chmod(path, 0)
        let result = try await KioskdProcess.runToExit(arguments: ["--config", path], directory: directory.path)
        #expect(result.status == 78)
        #expect(result.lines.first?.contains("Permission denied (errno 13)") == true)
    }

    @Test("--check-config accepts a valid file")
    func checkConfig() async throws {
        let directory = TemporaryDirectory()
        let path = try directory.write("kioskd.json", #"{"kioskId":"k9","storeId":"s"}"#)
        let result = try await KioskdProcess.runToExit(arguments: ["--check-config", "--config", path], directory: directory.path)
        #expect(result.status == 0)
        #expect(result.stdout.contains("is valid (kiosk k9"))
    }

    @Test("usage errors exit 2", arguments: [["--bogus"], ["--config"], ["--log-level", "loud"], ["--now", "yesterday"]])
    func usageErrors(_ arguments: [String]) async throws {
        let directory = TemporaryDirectory()
        let result = try await KioskdProcess.runToExit(arguments: arguments, directory: directory.path)
        #expect(result.status == 2, "\(arguments) is a usage error")
        #expect(result.lines.contains { $0.hasPrefix("usage: kioskd") }, "usage printed")
    }

    @Test("--help and --version exit 0")
    func helpAndVersion() async throws {
        let directory = TemporaryDirectory()
        let help = try await KioskdProcess.runToExit(arguments: ["--help"], directory: directory.path)
        #expect(help.status == 0)
        #expect(help.stdout.contains("--simulate"))
        let version = try await KioskdProcess.runToExit(arguments: ["--version"], directory: directory.path)
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("kioskd "))
    }
}
