import Foundation
import Testing
import TestSupport
@testable import KioskService

@Suite("kioskctl devices")
struct DevicesCommandTests {
    static let procDevices = """
        I: Bus=0003 Vendor=0c2e Product=0b61 Version=0111
        N: Name="Honeywell Imaging & Mobility 1900"
        P: Phys=usb-0000:00:14.0-2/input0
        S: Sysfs=/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/0003:0C2E:0B61.0001/input/input5
        U: Uniq=
        H: Handlers=sysrq kbd leds event5
        B: PROP=0
        B: EV=120013
        B: KEY=1000000000007 ff9f207ac14057ff febeffdfffefffff fffffffffffffffe

        I: Bus=0011 Vendor=0001 Product=0001 Version=ab41
        N: Name="AT Translated Set 2 keyboard"
        P: Phys=isa0060/serio0/input0
        S: Sysfs=/devices/platform/i8042/serio0/input/input0
        U: Uniq=
        H: Handlers=sysrq kbd event0 leds
        B: KEY=402000000 3803078f800d001 feffffdfffefffff fffffffffffffffe

        I: Bus=0019 Vendor=0000 Product=0001 Version=0000
        N: Name="Power Button"
        H: Handlers=event1

        """

    @Test("parses /proc/bus/input/devices and spots the scanner by vendor")
    func parse() {
        let devices = InputDeviceInventory.parse(Self.procDevices)
        #expect(devices.count == 3)
        #expect(devices[0].name == "Honeywell Imaging & Mobility 1900")
        #expect(devices[0].vendor == "0c2e")
        #expect(devices[0].eventNode == "/dev/input/event5")
        #expect(devices[0].scannerEvidence == "vendor 0c2e is Honeywell (Metrologic)")
        #expect(devices[1].scannerEvidence == nil, "a laptop keyboard is not a scanner")
        #expect(devices[2].isKeyboardLike == false)
    }

    @Test("garbage in /proc never breaks the listing", arguments: [
        ("", 0), ("\n\n", 0), ("X: junk\nI: Bus\n", 1), ("N: Name=\"x\"\nH: Handlers=kbd\n", 1),
    ])
    func garbage(_ text: String, blocks: Int) {
        let devices = InputDeviceInventory.parse(text)
        #expect(devices.count == blocks)
        #expect(devices.allSatisfy { $0.eventNode == nil }, "no event node is invented")
    }

    @Test("the binary lists the scanner with its access for kioskd")
    func binary() throws {
        let root = TemporaryDirectory(prefix: "devices-root")
        try root.write("proc/bus/input/devices", Self.procDevices)
        try root.write("etc/passwd", "kioskd:x:990:990::/:/usr/sbin/nologin\n")
        try root.write("etc/group", "input:x:105:kioskd\nkioskd:x:990:\n")
        let event5 = try root.write("dev/input/event5", "")
        try FileManager.default.setAttributes([.posixPermissions: 0o660, .groupOwnerAccountID: 105], ofItemAtPath: event5)
        let lp0 = try root.write("dev/usb/lp0", "")
        try FileManager.default.setAttributes([.posixPermissions: 0o660, .groupOwnerAccountID: 7], ofItemAtPath: lp0)
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["devices", "--json", "--system-root", root.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let nodes = object?["devices"] as? [[String: Any]] ?? []
        let scanner = nodes.first { $0["path"] as? String == "/dev/input/event5" }
        #expect(scanner?["kind"] as? String == "scanner")
        #expect(scanner?["accessibleByDaemon"] as? Bool == true)
        let printer = nodes.first { $0["path"] as? String == "/dev/usb/lp0" }
        #expect(printer?["accessibleByDaemon"] as? Bool == false, "lp group 7 is not one of kioskd's groups")
        let keyboard = nodes.first { $0["path"] as? String == "/dev/input/event0" }
        #expect(keyboard?["kind"] as? String == "keyboard")
        #expect(keyboard?["permissions"] is NSNull, "event0 does not exist in the fake tree")
    }

    @Test("human output: each node, whether kioskd may use it, and why it is what it is")
    func human() throws {
        let root = TemporaryDirectory(prefix: "devices-root")
        try root.write("proc/bus/input/devices", Self.procDevices)
        try root.write("etc/passwd", "kioskd:x:990:990::/:/usr/sbin/nologin\n")
        try root.write("etc/group", "input:x:105:kioskd\nkioskd:x:990:\nlp:x:7:\ndialout:x:20:\n")
        for (path, gid) in [("dev/input/event5", 105), ("dev/usb/lp0", 7), ("dev/ttyUSB0", 20)] {
            let node = try root.write(path, "")
            try FileManager.default.setAttributes([.posixPermissions: 0o660, .groupOwnerAccountID: gid], ofItemAtPath: node)
        }
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["devices", "--system-root", root.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let text = result.stdout
        #expect(text.contains("scanner   /dev/input/event5        ok for kioskd\n"), "\(text)")
        #expect(text.contains("Honeywell Imaging & Mobility 1900 [0c2e:0b61] — vendor 0c2e is Honeywell (Metrologic); -rw-rw---- uid 0 group input"), "\(text)")
        #expect(text.contains("printer   /dev/usb/lp0             NO ACCESS for kioskd\n"), "\(text)")
        #expect(text.contains("USB printer class (usblp); -rw-rw---- uid 0 group lp"), "\(text)")
        #expect(text.contains("serial    /dev/ttyUSB0             NO ACCESS for kioskd\n"), "\(text)")
        #expect(text.contains("group dialout"), "\(text)")
    }

    @Test("without pcscd the readers are not listed, and the reason is")
    func noPCSCD() throws {
        let root = TemporaryDirectory(prefix: "devices-root")
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["devices", "--json", "--system-root", root.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let pcsc = object?["pcsc"] as? [String: Any]
        #expect(pcsc?["state"] as? String == "not-running")
        #expect((pcsc?["readers"] as? [Any])?.isEmpty == true)
        let human = try ProcessRunner.run(BuiltProducts.kioskctl, ["devices", "--system-root", root.path])
        #expect(human.stdout.contains("PC/SC     pcscd is not running"), "\(human.stdout)")
    }

    @Test("PC/SC readers with whether a card is present and its UID")
    func readers() async throws {
        try await PCSCDHarness.withExclusiveAccess { _ in
            let card = try VirtualCard(uidHex: "04A1B2C3")
            defer { card.remove() }
            let deadline = Date().addingTimeInterval(10)
            var reader: [String: Any]?
            var other: [String: Any]?
            repeat {
                let result = try await offPool { try ProcessRunner.run(BuiltProducts.kioskctl, ["devices", "--json"]) }
                #expect(result.status == 0, "stderr: \(result.stderr)")
                let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
                let readers = (object?["pcsc"] as? [String: Any])?["readers"] as? [[String: Any]] ?? []
                reader = readers.first { $0["name"] as? String == "Virtual PCD 00 00" }
                other = readers.first { $0["name"] as? String == "Virtual PCD 00 01" }
            } while reader?["cardPresent"] as? Bool != true && Date() < deadline
            #expect(reader?["cardPresent"] as? Bool == true, "\(String(describing: reader))")
            #expect(reader?["uid"] as? String == "04A1B2C3", "the UID the card gave to FF CA 00 00 00")
            #expect((reader?["atr"] as? String)?.hasPrefix("3B 8F 80 01") == true)
            #expect(other?["cardPresent"] as? Bool == false, "the second slot is empty")
            let human = try await offPool { try ProcessRunner.run(BuiltProducts.kioskctl, ["devices"]) }
            #expect(human.stdout.contains("Virtual PCD 00 00        card present, ATR 3B 8F 80 01"), "\(human.stdout)")
            #expect(human.stdout.contains("UID 04A1B2C3"), "\(human.stdout)")
        }
    }
}
