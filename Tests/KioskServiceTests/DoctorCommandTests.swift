import Foundation
import Testing
import TestSupport

/// `kioskctl doctor` against prepared broken kiosks: a fake system tree (`--system-root`)
/// for /sys, /dev, /run and /etc, and real mounts (tmpfs, read-only) for the state directory.
@Suite("kioskctl doctor")
struct DoctorCommandTests {
    @Test("no pcscd socket: names pcscd and how to start it")
    func noPCSCD() throws {
        let kiosk = try FakeKiosk()
        let (result, statuses) = try kiosk.doctor()
        #expect(result.status == 1, "a failed check exits 1")
        #expect(statuses["pcscd"] == "failed")
        let check = try FakeKiosk.check(result.stdout, "pcscd")
        #expect((check["fix"] as? String)?.contains("systemctl enable --now pcscd.socket") == true)
        #expect((check["evidence"] as? String)?.contains("no pcscd socket at \(kiosk.root.path)/run/pcscd/pcscd.comm") == true, "\(check)")
    }

    @Test("a listening pcscd socket passes")
    func pcscdListening() throws {
        let kiosk = try FakeKiosk()
        try FileManager.default.createDirectory(atPath: kiosk.root.path + "/run/pcscd", withIntermediateDirectories: true)
        let listener = try UnixListener(path: kiosk.root.path + "/run/pcscd/pcscd.comm")
        defer { listener.close() }
        let (_, statuses) = try kiosk.doctor()
        #expect(statuses["pcscd"] == "ok")
    }

    @Test("pn533_usb bound to the reader is named with the blacklist fix")
    func pn533Bound() throws {
        let kiosk = try FakeKiosk()
        try kiosk.root.write("sys/bus/usb/drivers/pn533_usb/1-1.2:1.0/uevent", "DRIVER=pn533_usb\n")
        try kiosk.root.write("sys/bus/usb/drivers/pn533_usb/bind", "")
        let (result, statuses) = try kiosk.doctor()
        #expect(statuses["nfc-kernel-driver"] == "failed")
        let check = try FakeKiosk.check(result.stdout, "nfc-kernel-driver")
        #expect((check["evidence"] as? String)?.contains("pn533_usb is bound to USB interface 1-1.2:1.0") == true)
        #expect((check["fix"] as? String)?.contains("modprobe -r pn533_usb") == true)
    }

    @Test("a scanner node without group access is reported with usermod")
    func scannerWithoutAccess() throws {
        let kiosk = try FakeKiosk()
        try kiosk.node("dev/kiosk/scanner-0", mode: 0o600, gid: 0)
        let (result, statuses) = try kiosk.doctor()
        #expect(statuses["scanner-access"] == "failed")
        let check = try FakeKiosk.check(result.stdout, "scanner-access")
        #expect((check["evidence"] as? String)?.contains("not readable by kioskd") == true)
        #expect((check["fix"] as? String)?.contains("usermod -aG input kioskd") == true)
    }

    @Test("a scanner node in the input group is readable")
    func scannerWithAccess() throws {
        let kiosk = try FakeKiosk()
        try kiosk.node("dev/kiosk/scanner-0", mode: 0o660, gid: 105)
        let (_, statuses) = try kiosk.doctor()
        #expect(statuses["scanner-access"] == "ok")
    }

    @Test("a printer node not writable by the daemon is reported")
    func printerWithoutAccess() throws {
        let kiosk = try FakeKiosk()
        try kiosk.node("dev/usb/lp0", mode: 0o664, gid: 7)
        let (result, statuses) = try kiosk.doctor(["--printer", "/dev/usb/lp0"])
        #expect(statuses["printer-device"] == "failed")
        let check = try FakeKiosk.check(result.stdout, "printer-device")
        #expect((check["evidence"] as? String)?.contains("lp0") == true, "\(check)")
        #expect((check["fix"] as? String)?.contains("usermod -aG lp,dialout kioskd") == true, "\(check)")
    }

    @Test("a missing state directory is reported")
    func missingState() throws {
        let kiosk = try FakeKiosk()
        let result = try ProcessRunner.run(
            BuiltProducts.kioskctl,
            ["doctor", "--json", "--system-root", kiosk.root.path, "--state-dir", kiosk.state.path + "/nope"])
        #expect(try FakeKiosk.statuses(result.stdout)["state-directory"] == "failed")
        let check = try FakeKiosk.check(result.stdout, "state-directory")
        #expect((check["evidence"] as? String)?.contains("nope does not exist") == true, "\(check)")
        #expect((check["fix"] as? String)?.contains("mkdir -p \(kiosk.state.path)/nope && chown kioskd:") == true, "\(check)")
    }

    @Test("a state directory on a full filesystem fails", .enabled(if: MountNamespace.available))
    func fullDisk() throws {
        let kiosk = try FakeKiosk()
        let result = try MountNamespace.run("""
            mount -t tmpfs -o size=256k tmpfs '\(kiosk.state.path)' && \
            dd if=/dev/zero of='\(kiosk.state.path)/fill' bs=4k count=1000 2>/dev/null; \
            '\(BuiltProducts.kioskctl.path)' doctor --json --system-root '\(kiosk.root.path)' --state-dir '\(kiosk.state.path)'
            """)
        let check = try FakeKiosk.check(result.stdout, "state-directory")
        #expect(check["status"] as? String == "failed", "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect((check["evidence"] as? String)?.contains("No space left on device") == true)
        #expect((check["fix"] as? String)?.contains("journalctl --vacuum-size=100M") == true, "\(check)")
        #expect(result.status == 1)
    }

    @Test("a state directory on a read-only filesystem fails with the remount fix", .enabled(if: MountNamespace.available))
    func readOnly() throws {
        let kiosk = try FakeKiosk()
        let result = try MountNamespace.run("""
            mount -t tmpfs -o ro,size=1m tmpfs '\(kiosk.state.path)' && \
            '\(BuiltProducts.kioskctl.path)' doctor --json --system-root '\(kiosk.root.path)' --state-dir '\(kiosk.state.path)'
            """)
        let check = try FakeKiosk.check(result.stdout, "state-directory")
        #expect(check["status"] as? String == "failed", "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect((check["fix"] as? String)?.contains("read-only") == true)
        #expect((check["fix"] as? String)?.contains("mount -o remount,rw") == true, "\(check)")
        #expect((check["evidence"] as? String)?.contains("Read-only file system (errno 30)") == true, "\(check)")
        #expect(result.status == 1)
    }

    @Test("human output shows the fix under a failed check")
    func humanOutput() throws {
        let kiosk = try FakeKiosk()
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["doctor", "--system-root", kiosk.root.path, "--state-dir", kiosk.state.path])
        #expect(result.stdout.contains("[FAIL] pcscd"))
        #expect(result.stdout.contains("fix: apt-get install pcscd"))
        #expect(result.stdout.contains("problem(s) found"))
    }
}
