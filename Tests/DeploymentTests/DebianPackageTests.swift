import Foundation
import Glibc
import Testing
import TestSupport

extension DeploymentSuite {
    /// The `.deb` of `make deb` (`scripts/deb`), inspected with dpkg's own tools.
    @Suite("Debian package")
    struct DebianPackageTests {
        static func package() throws -> DebianPackage { try DebianPackage.shared.get() }

        @Test("dpkg-deb -c lists each file at its Debian path, owned by root", arguments: [
            "/usr/bin/kioskd", "/usr/bin/kioskctl",
            "/usr/lib/systemd/system/kioskd.service",
            "/usr/lib/udev/rules.d/70-kioskd-scanners.rules", "/usr/lib/udev/rules.d/70-kioskd-printers.rules",
            "/usr/lib/modprobe.d/kioskd-pn533.conf",
            "/usr/lib/sysusers.d/kioskd.conf", "/usr/lib/tmpfiles.d/kioskd.conf",
            "/etc/kioskd/kioskd.json", "/usr/share/doc/kioskd/deploy.md",
        ])
        func contains(path: String) throws {
            let entries = try Self.package().contents()
            let entry = entries.first { $0.path == path }
            #expect(entry != nil, "\(path) is in the package: \(entries.map(\.path))")
            #expect(entry?.owner == "root/root", "\(path) belongs to root, got \(entry?.owner ?? "-")")
            let executable = path.hasPrefix("/usr/bin/")
            #expect(entry?.mode == (executable ? "-rwxr-xr-x" : "-rw-r--r--"), "\(path) mode \(entry?.mode ?? "-")")
        }

        @Test("the package owns nothing under /var/lib/kioskd, so removing it cannot delete unsent sales")
        func ownsNoState() throws {
            let paths = try Self.package().contents().map(\.path)
            #expect(!paths.contains { $0.hasPrefix("/var/lib/kioskd") }, "state paths in the package: \(paths)")
        }

        @Test("dpkg-deb -f gives the package's identity and dependencies")
        func controlFields() throws {
            let package = try Self.package()
            #expect(try package.field("Package") == "kioskd")
            #expect(try package.field("Version") == DeploymentFiles.version(), "the version of Sources/KioskService/Version.swift")
            let architecture = try Tool.run("dpkg", ["--print-architecture"]).succeeded().stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try package.field("Architecture") == architecture)
            let depends = try package.field("Depends")
            for dependency in ["libc6", "libpcsclite1", "libsqlite3-0", "systemd"] {
                #expect(depends.contains(dependency), "Depends names \(dependency): \(depends)")
            }
            let recommends = try package.field("Recommends")
            #expect(recommends.contains("pcscd") && recommends.contains("libccid"), "Recommends: \(recommends)")
            #expect(try !package.field("Description").isEmpty)
        }

        @Test("the example configuration is a conffile: upgrades keep the operator's edits")
        func conffiles() throws {
            let conffiles = try Self.package().controlMember("conffiles")
            #expect(conffiles.split(separator: "\n").contains("/etc/kioskd/kioskd.json"), "conffiles: \(conffiles)")
        }

        @Test("maintainer scripts are valid sh and start or enable nothing", arguments: ["postinst", "prerm", "postrm"])
        func maintainerScript(name: String) throws {
            let script = try Self.package().controlMember(name)
            #expect(script.hasPrefix("#!/bin/sh"), "\(name) is a sh script")
            let folder = TemporaryDirectory(prefix: "kioskd-script")
            let path = try folder.write(name, script)
            let syntax = try Tool.run("sh", ["-n", path])
            #expect(syntax.status == 0, "\(name) parses: \(syntax.output)")
            // Commands only: comments and the messages printed to the operator may name them.
            let commands = script.split(separator: "\n")
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.hasPrefix("#") && !$0.hasPrefix("echo ") }
            for forbidden in ["systemctl enable", "systemctl start", "systemctl restart", "deb-systemd-invoke start", "rm -rf"] {
                #expect(!commands.contains { $0.contains(forbidden) }, "\(name) must not run `\(forbidden)`")
            }
        }

        @Test("dpkg -x puts kioskd where the unit's ExecStart= looks for it")
        func extractedLayout() throws {
            let package = try Self.package()
            let root = TemporaryDirectory(prefix: "kioskd-extract")
            try Tool.run("dpkg", ["-x", package.path, root.path]).succeeded()
            let unit = UnitFile(text: try String(contentsOf: root.url.appendingPathComponent("usr/lib/systemd/system/kioskd.service"),
                                                 encoding: .utf8))
            let command = try #require(unit.value("ExecStart")?.split(separator: " ").first.map(String.init))
            #expect(FileManager.default.isExecutableFile(atPath: root.path + command), "\(command) is in the package")
            let config = unit.value("ExecStart")?.components(separatedBy: "--config ").last ?? ""
            #expect(FileManager.default.fileExists(atPath: root.path + config), "the --config file \(config) is in the package")
        }

        @Test("dpkg --root: install creates the account, enables nothing; upgrade and purge keep unsent sales",
              .enabled(if: getuid() == 0, "dpkg --root needs root to give the files their owners"))
        func lifecycle() throws {
            let first = try Self.package()
            let system = try ScratchSystem()

            // First install.
            try system.dpkg(["--install", first.path])
            #expect(system.exists("/usr/bin/kioskd"))
            let passwd = try system.read("/etc/passwd")
            #expect(passwd.split(separator: "\n").contains { $0.hasPrefix("kioskd:") }, "postinst created the kioskd user")
            #expect(system.exists("/etc/credstore"), "postinst created the credential store")
            let wants = try? FileManager.default.subpathsOfDirectory(atPath: system.url("/etc/systemd/system").path)
            #expect((wants ?? []).allSatisfy { !$0.contains("kioskd") }, "nothing enabled: \(wants ?? [])")

            // The kiosk runs: an operator edits the config, sales wait in the outbox.
            let edited = "{\"kioskId\": \"kiosk-7\"}\n"
            try system.write("/etc/kioskd/kioskd.json", edited)
            let ledger = "unsent sale 1\n"
            try system.write("/var/lib/kioskd/kioskd.sqlite", ledger)

            // Upgrade to a newer build.
            let next = try first.repacked(as: first.version + "+1")
            try system.dpkg(["--install", next.path])
            let status = try system.dpkg(["--status", "kioskd"]).stdout
            #expect(status.contains("Version: \(next.version)"), "upgraded: \(status)")
            #expect(try system.read("/etc/kioskd/kioskd.json") == edited, "the operator's configuration survives the upgrade")
            #expect(try system.read("/var/lib/kioskd/kioskd.sqlite") == ledger, "unsent sales survive the upgrade")

            // Purge.
            try system.dpkg(["--purge", "kioskd"])
            #expect(!system.exists("/usr/bin/kioskd"), "purge removes the binaries")
            #expect(!system.exists("/etc/kioskd/kioskd.json"), "purge removes the configuration")
            #expect(try system.read("/var/lib/kioskd/kioskd.sqlite") == ledger, "unsent sales survive a purge")
        }
    }
}
