import Foundation
import Testing
import TestSupport

/// Runs `udevadm test` on a rules folder the way udevd would load it: in a private mount
/// namespace (`unshare -m`) where the folder is bind-mounted over `/etc/udev/rules.d`, the
/// account databases carry the kioskd group (as after the package's postinst), and
/// `/run/udev` is a private tmpfs so the run leaves nothing behind.
enum UdevRulesCheck {
    /// Whether this process may create a mount namespace (root, or CAP_SYS_ADMIN).
    static let namespacesPermitted: Bool = {
        (try? Tool.run("unshare", ["-m", "true"]).status) == 0
    }()

    static let script = """
        set -e
        mount --make-rprivate /
        mount --bind "$1" /etc/udev/rules.d
        mount --bind "$2/etc/group" /etc/group
        mount --bind "$2/etc/passwd" /etc/passwd
        mkdir -p /run/udev
        mount -t tmpfs kioskd-udev-test /run/udev
        exec udevadm test --action=add /sys/class/mem/null
        """

    /// `udevadm test`'s output with `rules` as the only local rules.
    static func run(rules: [(name: String, text: String)]) throws -> ToolResult {
        let folder = TemporaryDirectory(prefix: "kioskd-rules")
        for rule in rules { try folder.write(rule.name, rule.text) }
        let accounts = try ScratchAccounts()
        let result = try Tool.run("unshare", ["-m", "sh", "-c", script, "sh", folder.path, accounts.directory.path])
        _ = (folder, accounts)
        return result
    }

    /// The lines in which udev complains about a rule: `udevadm test` exits 0 on errors.
    static func complaints(in result: ToolResult) -> [Substring] {
        result.lines.filter { line in
            line.contains("Invalid key") || line.contains("Unknown") || line.contains("no matching label")
                || line.contains("Invalid value")
                || (line.hasPrefix("/etc/udev/rules.d/"))
        }
    }

    /// The shipped rules files, named and read.
    static func shipped() throws -> [(name: String, text: String)] {
        try DeploymentFiles.rulesFiles.map { ($0.lastPathComponent, try DeploymentFiles.text($0)) }
    }
}

extension DeploymentSuite {
    @Suite("udev rules")
    struct UdevRulesTests {
        @Test("udevadm test loads every shipped rules file without a complaint",
              .enabled(if: UdevRulesCheck.namespacesPermitted, "unshare -m is not permitted here: cannot bind-mount the rules"))
        func shippedRulesLoadCleanly() throws {
            let rules = try UdevRulesCheck.shipped()
            #expect(rules.count >= 2, "scanner and printer rules are shipped")
            let result = try UdevRulesCheck.run(rules: rules)
            #expect(result.status == 0, "udevadm test failed:\n\(result.output)")
            for rule in rules {
                #expect(result.output.contains("Reading rules file: /etc/udev/rules.d/\(rule.name)"),
                        "udev read \(rule.name):\n\(result.output)")
            }
            let complaints = UdevRulesCheck.complaints(in: result)
            #expect(complaints.isEmpty, "udev complained:\n\(complaints.joined(separator: "\n"))")
        }

        @Test("the documented local rules for a new scanner or printer load cleanly too",
              .enabled(if: UdevRulesCheck.namespacesPermitted, "unshare -m is not permitted here: cannot bind-mount the rules"))
        func documentedLocalRulesLoadCleanly() throws {
            // The example lines of the files' headers, exactly as an operator would copy them.
            let examples = try UdevRulesCheck.shipped().flatMap { rule in
                rule.text.split(separator: "\n")
                    .filter { $0.hasPrefix("#   SUBSYSTEM==") && $0.contains("ENV{KIOSKD_") }
                    .map { String($0.dropFirst("#   ".count)) }
            }
            #expect(examples.count >= 3, "a scanner vendor, a usblp vendor and a serial printer example: \(examples)")
            let local = examples.map { "# example from the rules' header\n\($0)\n" }.joined()
            let result = try UdevRulesCheck.run(rules: try UdevRulesCheck.shipped() + [("69-kioskd-local.rules", local)])
            #expect(result.output.contains("Reading rules file: /etc/udev/rules.d/69-kioskd-local.rules"))
            let complaints = UdevRulesCheck.complaints(in: result)
            #expect(complaints.isEmpty, "udev complained:\n\(complaints.joined(separator: "\n"))")
        }

        @Test("a broken rules file produces the lines the checks look for, so they can fail",
              .enabled(if: UdevRulesCheck.namespacesPermitted, "unshare -m is not permitted here: cannot bind-mount the rules"))
        func brokenRulesAreReported() throws {
            let broken = """
                SUBSYSTEM=="input", SCANNER="1"
                SUBSYSTEM=="input", GOTO="nowhere"
                SUBSYSTEM=="input", GROUP="no-such-group-kioskd"
                """
            let result = try UdevRulesCheck.run(rules: [("70-broken.rules", broken)])
            let complaints = UdevRulesCheck.complaints(in: result).joined(separator: "\n")
            #expect(complaints.contains("Invalid key"), "an unknown key is reported:\n\(result.output)")
            #expect(complaints.contains("no matching label"), "a GOTO without LABEL is reported:\n\(result.output)")
            #expect(complaints.contains("Unknown group"), "an unknown group is reported:\n\(result.output)")
        }

        @Test("every rule is preceded by a comment saying what it matches and why")
        func everyRuleIsCommented() throws {
            for file in DeploymentFiles.rulesFiles {
                let lines = try DeploymentFiles.text(file).split(separator: "\n", omittingEmptySubsequences: false)
                var previous: Substring = ""
                var continuing = false
                for (number, line) in lines.enumerated() {
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    defer {
                        continuing = trimmed.hasSuffix("\\") && !trimmed.hasPrefix("#")
                        if !trimmed.isEmpty { previous = Substring(trimmed) }
                    }
                    if continuing || trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("LABEL=") { continue }
                    #expect(previous.hasPrefix("#"), "\(file.lastPathComponent):\(number + 1) has no comment above it: \(trimmed)")
                }
            }
        }

        @Test("scanners of each listed maker are handed to kioskd", arguments: [
            ("0c2e", "Honeywell (Metrologic)"), ("0536", "Honeywell (Hand Held Products)"),
            ("05e0", "Zebra / Symbol"), ("05f9", "Datalogic"), ("1eab", "Newland"),
        ])
        func scannerVendor(id: String, maker: String) throws {
            let text = try DeploymentFiles.text(DeploymentFiles.scannerRules)
            let rule = text.split(separator: "\n").first { $0.contains("ATTRS{idVendor}==\"\(id)\"") && !$0.hasPrefix("#") }
            #expect(rule?.contains("ENV{KIOSKD_SCANNER}=\"1\"") == true, "\(maker) (\(id)) is marked as a scanner")
        }

        @Test("a marked scanner is kioskd's, ignored by libinput, named and tagged", arguments: [
            "KERNEL!=\"event*\"", "ENV{ID_INPUT_KEYBOARD}!=\"1\"", "GROUP=\"kioskd\", MODE=\"0660\"",
            "ENV{LIBINPUT_IGNORE_DEVICE}=\"1\"", "TAG+=\"systemd\"", "SYMLINK+=\"kiosk/$env{.KIOSKD_NAME}\"",
            "ENV{.KIOSKD_NAME}=\"scanner-",
        ])
        func scannerActions(fragment: String) throws {
            let text = try DeploymentFiles.text(DeploymentFiles.scannerRules)
            let rules = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
            #expect(rules.contains { $0.contains(fragment) }, "the scanner rules contain \(fragment)")
        }

        @Test("usblp printers are matched by maker, Epson first of all", arguments: ["04b8", "0519", "1d90"])
        func usblpVendor(id: String) throws {
            let section = try Self.section(of: DeploymentFiles.printerRules, from: "kioskd_printers_usblp", to: "kioskd_printers_serial")
            #expect(section.contains { $0.contains("ATTRS{idVendor}==\"\(id)\"") && $0.contains("ENV{KIOSKD_PRINTER}=\"1\"") },
                    "vendor \(id) marks a usblp printer")
        }

        @Test("serial printers are matched on ID_SERIAL, never on the USB-serial chip's vendor id")
        func serialPrintersByIDSerial() throws {
            let section = try Self.section(of: DeploymentFiles.printerRules, from: "kioskd_printers_serial", to: "kioskd_printers_matched")
            let markers = section.filter { $0.contains("ENV{KIOSKD_PRINTER}=\"1\"") }
            #expect(!markers.isEmpty)
            #expect(markers.allSatisfy { $0.contains("ENV{ID_SERIAL}==") }, "every serial marker tests ID_SERIAL: \(markers)")
            #expect(!section.contains { $0.contains("idVendor") }, "no vendor id in the serial section")
        }

        @Test("a marked printer is kioskd's, named /dev/kiosk/printer-* and tagged", arguments: [
            "GROUP=\"kioskd\", MODE=\"0660\"", "TAG+=\"systemd\"", "SYMLINK+=\"kiosk/printer-$env{.KIOSKD_KIND}-",
            "SUBSYSTEM==\"usbmisc\", KERNEL==\"lp[0-9]*\"", "KERNEL==\"ttyUSB[0-9]*|ttyACM[0-9]*\"",
        ])
        func printerActions(fragment: String) throws {
            let text = try DeploymentFiles.text(DeploymentFiles.printerRules)
            #expect(text.split(separator: "\n").contains { !$0.hasPrefix("#") && $0.contains(fragment) },
                    "the printer rules contain \(fragment)")
        }

        /// The rule lines (comments dropped) between `LABEL="from"` and `LABEL="to"`.
        static func section(of file: URL, from: String, to: String) throws -> [Substring] {
            let lines = try DeploymentFiles.text(file).split(separator: "\n").filter { !$0.hasPrefix("#") }
            let start = try #require(lines.firstIndex(of: "LABEL=\"\(from)\""), "LABEL=\"\(from)\"")
            let end = try #require(lines.firstIndex(of: "LABEL=\"\(to)\""), "LABEL=\"\(to)\"")
            return Array(lines[start..<end])
        }
    }
}
