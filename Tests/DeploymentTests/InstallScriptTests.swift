import Foundation
import Testing
import TestSupport

extension DeploymentSuite {
    /// `scripts/install DESTDIR PREFIX` (what `make install PREFIX=… DESTDIR=…` runs).
    @Suite("make install")
    struct InstallScriptTests {
        @discardableResult
        static func install(into destdir: TemporaryDirectory, prefix: String) throws -> ToolResult {
            try Tool.run("bash", [DeploymentFiles.installScript.path, destdir.path, prefix,
                                  "--binaries", BuiltProducts.binDirectory.path]).succeeded()
        }

        @Test("PREFIX moves the binaries, the unit's ExecStart= follows", arguments: ["/usr", "/usr/local", "/opt/kioskd"])
        func prefix(prefix: String) throws {
            let destdir = TemporaryDirectory(prefix: "kioskd-install")
            try Self.install(into: destdir, prefix: prefix)
            let base = destdir.path + prefix
            #expect(FileManager.default.isExecutableFile(atPath: "\(base)/bin/kioskd"))
            #expect(FileManager.default.isExecutableFile(atPath: "\(base)/bin/kioskctl"))
            let unit = UnitFile(text: try String(contentsOfFile: "\(base)/lib/systemd/system/kioskd.service", encoding: .utf8))
            #expect(unit.value("ExecStart") == "\(prefix)/bin/kioskd --config /etc/kioskd/kioskd.json")
            for file in ["lib/udev/rules.d/70-kioskd-scanners.rules", "lib/udev/rules.d/70-kioskd-printers.rules",
                         "lib/modprobe.d/kioskd-pn533.conf", "lib/sysusers.d/kioskd.conf", "lib/tmpfiles.d/kioskd.conf"] {
                #expect(FileManager.default.fileExists(atPath: "\(base)/\(file)"), "\(prefix)/\(file) installed")
            }
            #expect(FileManager.default.fileExists(atPath: destdir.path + "/etc/kioskd/kioskd.json"), "configuration in /etc")
        }

        @Test("an existing /etc/kioskd/kioskd.json is never overwritten")
        func keepsConfiguration() throws {
            let destdir = TemporaryDirectory(prefix: "kioskd-install")
            let existing = "{\"kioskId\": \"kiosk-3\"}\n"
            let path = try destdir.write("etc/kioskd/kioskd.json", existing)
            try Self.install(into: destdir, prefix: "/usr")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == existing)
            #expect(FileManager.default.fileExists(atPath: destdir.path + "/usr/share/doc/kioskd/kioskd.json.example"))
        }

        @Test("a relative PREFIX is a usage error (exit 2)")
        func relativePrefix() throws {
            let destdir = TemporaryDirectory(prefix: "kioskd-install")
            let result = try Tool.run("bash", [DeploymentFiles.installScript.path, destdir.path, "usr",
                                              "--binaries", BuiltProducts.binDirectory.path])
            #expect(result.status == 2, "exit \(result.status): \(result.output)")
        }
    }
}
