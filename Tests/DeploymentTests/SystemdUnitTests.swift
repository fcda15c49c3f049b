import Foundation
import Testing
import TestSupport

extension DeploymentSuite {
    /// `systemd/kioskd.service`, checked by systemd's own offline tools.
    @Suite("kioskd.service")
    struct SystemdUnitTests {
        /// The exposure `systemd-analyze security` may report at most (issue 9: ≤ 2.0).
        static let maximumExposure = 2.0

        /// A copy of the unit in a scratch folder, named `kioskd.service` (systemd-analyze takes
        /// the unit name from the file name), with `ExecStart=` pointing at the freshly built
        /// `kioskd` so verify can check the binary exists. Everything else is the shipped text.
        static func unitCopy(appending extra: String = "") throws -> (TemporaryDirectory, URL) {
            let text = try DeploymentFiles.text(DeploymentFiles.unit)
            let shipped = "ExecStart=/usr/bin/kioskd "
            #expect(text.contains("\n\(shipped)"), "the unit starts /usr/bin/kioskd, where the package installs it")
            let built = BuiltProducts.kioskd.path
            #expect(FileManager.default.isExecutableFile(atPath: built), "kioskd is built at \(built)")
            let copy = text.replacingOccurrences(of: "\n\(shipped)", with: "\nExecStart=\(built) ") + extra
            let directory = TemporaryDirectory(prefix: "kioskd-unit")
            let path = try directory.write("kioskd.service", copy)
            return (directory, URL(fileURLWithPath: path))
        }

        /// The overall exposure printed by `systemd-analyze security --offline=true`.
        /// Runs with `--threshold=20` (the 0–100 scale: exposure 2.0), so the status says
        /// whether systemd itself finds the unit over the limit.
        static func exposure(of unit: URL) throws -> (Double?, ToolResult) {
            let result = try Tool.run("systemd-analyze", ["security", "--offline=true", "--threshold=20", "--no-pager", unit.path])
            let marker = "Overall exposure level for kioskd.service:"
            guard let line = result.lines.first(where: { $0.contains(marker) }) else { return (nil, result) }
            let number = line.components(separatedBy: marker)[1]
                .trimmingCharacters(in: .whitespaces)
                .prefix { $0.isNumber || $0 == "." }
            return (Double(number), result)
        }

        @Test("systemd-analyze verify prints nothing about the unit")
        func verifyIsSilent() throws {
            let (directory, unit) = try Self.unitCopy()
            let result = try Tool.run("systemd-analyze", ["verify", "--man=no", unit.path])
            // verify exits 0 on unknown keys and unparsable values: any output is a finding.
            #expect(result.output.isEmpty, "systemd-analyze verify reported:\n\(result.output)")
            #expect(result.status == 0, "systemd-analyze verify exited \(result.status)")
            _ = directory
        }

        @Test("a misspelt key or a bad value makes verify print, so the check above can fail")
        func verifyReportsMistakes() throws {
            let (directory, unit) = try Self.unitCopy(appending: "\n[Service]\nWatchdogSecs=30\nRestartSec=soon\n")
            let result = try Tool.run("systemd-analyze", ["verify", "--man=no", unit.path])
            #expect(result.output.contains("WatchdogSecs"), "verify names the unknown key:\n\(result.output)")
            #expect(result.output.contains("soon"), "verify names the bad value:\n\(result.output)")
            _ = directory
        }

        @Test("systemd-analyze security rates the exposure 2.0 or lower")
        func exposureIsLow() throws {
            let (directory, unit) = try Self.unitCopy()
            let (score, result) = try Self.exposure(of: unit)
            let measured = try #require(score, "no exposure level in:\n\(result.output)")
            print("kioskd.service: systemd-analyze security --offline=true exposure \(measured) (limit \(Self.maximumExposure))")
            #expect(measured <= Self.maximumExposure, "exposure \(measured) > \(Self.maximumExposure):\n\(result.output)")
            #expect(result.status == 0, "systemd-analyze --threshold=20 rejected the unit:\n\(result.output)")
            _ = directory
        }

        @Test("allowing the backend with the documented drop-in keeps the exposure 2.0 or lower")
        func exposureWithBackendAllowed() throws {
            let (directory, unit) = try Self.unitCopy(appending: "\n[Service]\nIPAddressAllow=203.0.113.10 192.168.1.50\n")
            let (score, result) = try Self.exposure(of: unit)
            let measured = try #require(score, "no exposure level in:\n\(result.output)")
            #expect(measured <= Self.maximumExposure, "exposure with the backend allowed \(measured):\n\(result.output)")
            _ = directory
        }

        @Test("units the service wants or orders after exist on Debian 12 with pcscd installed",
              arguments: ["pcscd.socket", "modprobe@.service", "network.target", "multi-user.target"])
        func referencedUnitsExist(name: String) throws {
            let unit = UnitFile(text: try DeploymentFiles.text(DeploymentFiles.unit))
            let referenced = unit.words("Wants", in: "Unit") + unit.words("After", in: "Unit") + unit.words("WantedBy", in: "Install")
            let template = name.hasSuffix("@.service")
            #expect(referenced.contains { template ? $0.hasPrefix(String(name.dropLast(".service".count))) : $0 == name },
                    "the unit references \(name)")
            let folders = ["/usr/lib/systemd/system", "/lib/systemd/system"]
            #expect(folders.contains { FileManager.default.fileExists(atPath: "\($0)/\(name)") },
                    "\(name) is installed (verify does not check Wants=)")
        }

        @Test("DeviceAllow= drivers are loaded before the service starts",
              arguments: ["usblp", "usbserial", "cdc_acm"])
        func driversLoadedFirst(module: String) throws {
            let unit = UnitFile(text: try DeploymentFiles.text(DeploymentFiles.unit))
            let service = "modprobe@\(module).service"
            #expect(unit.words("Wants", in: "Unit").contains(service), "Wants=\(service)")
            #expect(unit.words("After", in: "Unit").contains(service), "After=\(service)")
        }

        @Test("the service reaches its devices through a closed device list, not PrivateDevices=")
        func deviceAccess() throws {
            let unit = UnitFile(text: try DeploymentFiles.text(DeploymentFiles.unit))
            #expect(unit.value("DevicePolicy") == "closed")
            #expect(unit.value("PrivateDevices") == nil, "PrivateDevices= would hide /dev/input and the printers")
            let allowed = unit.values("DeviceAllow")
            for group in ["char-input", "char-usb", "char-ttyUSB", "char-ttyACM"] {
                #expect(allowed.contains { $0.hasPrefix(group + " ") }, "DeviceAllow=\(group) is granted")
            }
            #expect(allowed.contains("char-input r"), "scanners are read-only")
        }

        @Test("notify, watchdog, restart, account, directories and credential as deployed", arguments: [
            ("Type", "notify"), ("NotifyAccess", "main"), ("Restart", "on-failure"),
            ("User", "kioskd"), ("StateDirectory", "kioskd"), ("RuntimeDirectory", "kioskd"),
            ("ConfigurationDirectory", "kioskd"), ("SyslogLevelPrefix", "yes"),
            ("LoadCredential", "backend-token:kioskd.backend-token"),
            ("ExecStart", "/usr/bin/kioskd --config /etc/kioskd/kioskd.json"),
            ("ProtectSystem", "strict"), ("NoNewPrivileges", "yes"), ("CapabilityBoundingSet", ""),
            ("SystemCallFilter", "~@privileged @resources"), ("IPAddressDeny", "any"), ("UMask", "0027"),
        ])
        func serviceSetting(key: String, expected: String) throws {
            let unit = UnitFile(text: try DeploymentFiles.text(DeploymentFiles.unit))
            #expect(unit.value(key) == expected, "\(key)=\(expected)")
        }

        @Test("WatchdogSec= is set and After=/Wants= name pcscd.socket")
        func watchdogAndPcscd() throws {
            let unit = UnitFile(text: try DeploymentFiles.text(DeploymentFiles.unit))
            #expect(unit.value("WatchdogSec").map { !$0.isEmpty && $0 != "0" } == true, "WatchdogSec= is enabled")
            #expect(unit.words("Wants", in: "Unit").contains("pcscd.socket"))
            #expect(unit.words("After", in: "Unit").contains("pcscd.socket"))
            #expect(unit.values("SystemCallFilter").contains("@system-service"))
            #expect(unit.words("RestrictAddressFamilies").sorted() == ["AF_INET", "AF_INET6", "AF_UNIX"])
        }
    }
}
