import Devices
import Glibc
import LinuxIO
import Receipt
import TestSupport
import Testing

/// The USB printer-class transport. There is no `usblp` device on the test machines; a
/// pseudo-terminal stands in for the character device (same open/write/poll/read path).
struct PrinterUSBTransportTests {
    @Test("a job and a status exchange through the character device")
    func jobAndStatus() throws {
        let printer = try FakeEscPosPrinter.overPseudoTerminal(condition: .paperOut)
        defer { printer.stop() }
        // Raw mode so the stand-in behaves like usblp (no line discipline); a real lp device has no termios.
        let setup = PrinterSerialTransport(path: printer.devicePath, settings: SerialLineSettings(baudRate: .b115200, flowControl: .none))
        try setup.open()
        defer { setup.close() }
        let transport = PrinterUSBTransport(path: printer.devicePath)
        try transport.open()
        defer { transport.close() }
        #expect(try PrinterStatusReader(timeoutMilliseconds: 500).read(from: transport).fault == .paperOut)
        let job = EscPosJobEncoder(profile: .epson58mm).encode([.text("USB", .plain)])
        try transport.send(job, timeoutMilliseconds: 1_000)
        #expect(printer.waitForPrinted { $0 == job })
    }

    @Test("an unplugged printer (no device node) is offline with the path and errno")
    func unplugged() {
        let transport = PrinterUSBTransport(path: "/dev/usb/lp-kioskd-missing")
        do {
            try transport.open()
            Issue.record("open should fail")
        } catch let error as PrinterError {
            #expect(error.kind == .offline && error.errno == ENOENT && error.device == "/dev/usb/lp-kioskd-missing")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
