import Foundation
import Testing
import TestSupport

extension DeploymentSuite {
    /// `systemd/kioskd.sysusers` and `systemd/kioskd.tmpfiles`, applied by the real
    /// `systemd-sysusers` and `systemd-tmpfiles` to a scratch root.
    @Suite("sysusers.d and tmpfiles.d entries")
    struct SysusersTests {
        @Test("systemd-sysusers creates the kioskd system user the unit runs as")
        func createsUser() throws {
            let accounts = try ScratchAccounts()
            let user = try #require(try accounts.entry("kioskd", in: "passwd"), "kioskd is in passwd")
            let uid = try #require(Int(user[2]))
            #expect(uid > 0 && uid < 1000, "a system uid, got \(uid)")
            #expect(user[5] == "/var/lib/kioskd", "home is the state directory")
            #expect(user[6].hasSuffix("nologin"), "no login shell, got \(user[6])")
            let group = try #require(try accounts.entry("kioskd", in: "group"), "group kioskd exists for the udev rules")
            #expect(group[2] == user[3], "kioskd's primary group is kioskd")
            let unit = UnitFile(text: try DeploymentFiles.text(DeploymentFiles.unit))
            #expect(unit.value("User") == user[0])
        }

        @Test("kioskd is a member of the groups owning unlisted printer nodes", arguments: ["dialout", "lp"])
        func supplementaryGroups(name: String) throws {
            let accounts = try ScratchAccounts()
            let group = try #require(try accounts.entry(name, in: "group"), "\(name) exists on Debian")
            #expect(group[3].split(separator: ",").contains("kioskd"), "kioskd is in \(name): \(group)")
        }

        @Test("systemd-tmpfiles creates the root-only credential store for the backend token")
        func credentialStore() throws {
            let root = TemporaryDirectory(prefix: "kioskd-tmpfiles")
            try Tool.run("sh", ["-c", "systemd-tmpfiles --root=\"$1\" --create - < \"$2\"", "sh",
                                root.path, DeploymentFiles.tmpfiles.path]).succeeded()
            let store = root.url.appendingPathComponent("etc/credstore").path
            let attributes = try FileManager.default.attributesOfItem(atPath: store)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue
            #expect(mode == 0o700, "credstore mode is \(String(mode ?? 0, radix: 8))")
            #expect((attributes[.ownerAccountID] as? NSNumber)?.intValue == 0, "owned by root")
        }
    }
}
