import Devices
import Glibc
import LinuxIO
import Receipt
import TestSupport
import Testing

/// The serial transport over a pseudo-terminal pair: the controller side plays the printer.
struct PrinterSerialTransportTests {
    struct LineCase: Sendable, CustomStringConvertible {
        let rate: SerialLineSettings.BaudRate
        let flow: SerialLineSettings.FlowControl
        var description: String { "\(rate.rawValue) \(flow.rawValue)" }
    }

    static let lineCases: [LineCase] = SerialLineSettings.BaudRate.allCases.flatMap { rate in
        SerialLineSettings.FlowControl.allCases.map { LineCase(rate: rate, flow: $0) }
    }

    @Test("open() applies raw 8N1 at the speed and flow control asked for", arguments: lineCases)
    func termiosApplied(_ c: LineCase) throws {
        let printer = try FakeEscPosPrinter.overPseudoTerminal()
        defer { printer.stop() }
        let transport = PrinterSerialTransport(path: printer.devicePath, settings: SerialLineSettings(baudRate: c.rate, flowControl: c.flow))
        try transport.open()
        defer { transport.close() }
        let probe = try FileDescriptor.open(printer.devicePath, [.readWrite, .noControllingTerminal])
        defer { probe.close() }
        let line = try probe.serialLineState()
        #expect(line.baudRate == c.rate && line.inputSpeedMatches, "speed \(c.rate.rawValue) both ways")
        #expect(line.eightDataBits && !line.parity && !line.twoStopBits, "8N1")
        #expect(line.raw, "raw: no LF → CR LF, no echo, no canonical input")
        #expect(line.localAndReceiverOn, "CLOCAL | CREAD")
        #expect(line.hardwareFlowControl == (c.flow == .rtsCts), "CRTSCTS")
        #expect(line.softwareFlowControl == (c.flow == .xonXoff), "IXON | IXOFF")
    }

    @Test("a job arrives byte for byte: LF stays LF, € stays 0xD5")
    func bytesArriveUnchanged() throws {
        let printer = try FakeEscPosPrinter.overPseudoTerminal()
        defer { printer.stop() }
        let job = EscPosJobEncoder(profile: .epson58mm).encode(FooterBlock.elements(["Loyalty Program", "Available reward: -5 €"]))
        let transport = PrinterSerialTransport(path: printer.devicePath, settings: SerialLineSettings(baudRate: .b115200, flowControl: .none))
        try transport.open()
        try transport.send(job, timeoutMilliseconds: 2_000)
        transport.close()
        #expect(printer.waitForPrinted { $0.count >= job.count })
        #expect(printer.printed == job)
        let decoded = try EscPosStreamDecoder().decode(printer.printed)
        #expect(decoded.texts.contains("Available reward: -5 €"))
    }

    struct StatusCase: Sendable, CustomStringConvertible {
        let condition: FakeEscPosPrinter.Condition
        let fault: PrinterError.Kind?
        let answers: Bool
        var description: String { "\(condition)" }
    }

    @Test("DLE EOT over the serial line", arguments: [
        StatusCase(condition: .ready, fault: nil, answers: true),
        StatusCase(condition: .paperOut, fault: .paperOut, answers: true),
        StatusCase(condition: .coverOpen, fault: .coverOpen, answers: true),
        StatusCase(condition: .silent, fault: nil, answers: false),
    ])
    func statusOverSerial(_ c: StatusCase) throws {
        let printer = try FakeEscPosPrinter.overPseudoTerminal(condition: c.condition)
        defer { printer.stop() }
        let transport = PrinterSerialTransport(path: printer.devicePath, settings: SerialLineSettings(baudRate: .b9600, flowControl: .none))
        try transport.open()
        defer { transport.close() }
        let report = try PrinterStatusReader(timeoutMilliseconds: 300).read(from: transport)
        #expect(report.fault == c.fault, "\(report)")
        if c.answers {
            #expect(report != .notAnswering, "\(c.condition) answers")
            #expect(printer.statusRequests == [1, 2, 3, 4])
        } else {
            #expect(report == .notAnswering, "silence is not offline")
            #expect(printer.statusRequests == [1], "no point asking more of a silent printer")
        }
    }

    @Test("XOFF from the printer holds the job: the write times out; after XON the next job goes through")
    func xonXoff() throws {
        let printer = try FakeEscPosPrinter.overPseudoTerminal()
        defer { printer.stop() }
        let transport = PrinterSerialTransport(path: printer.devicePath, settings: SerialLineSettings(baudRate: .b9600, flowControl: .xonXoff))
        try transport.open()
        defer { transport.close() }
        try printer.sendToHost([0x13])  // XOFF
        let held = [UInt8](repeating: 0x41, count: 64 * 1024)
        #expect(throws: PrinterError.self) { try transport.send(held, timeoutMilliseconds: 300) }
        do {
            try transport.send(held, timeoutMilliseconds: 300)
        } catch let error as PrinterError {
            #expect(error.kind == .timeout && error.device == printer.devicePath, "\(error)")
        }
        try printer.sendToHost([0x11])  // XON
        let next: [UInt8] = [0x1B, 0x40, 0x42, 0x0A]
        try transport.send(next, timeoutMilliseconds: 2_000)
        #expect(printer.waitForPrinted { $0.suffix(4) == next[...] }, "the next job arrives after XON")
        #expect(printer.printed.count < 2 * held.count, "the timed-out rest was dropped, not printed later")
    }

    @Test("a missing device is offline with ENOENT and the path")
    func missingDevice() {
        let transport = PrinterSerialTransport(path: "/dev/kioskd-no-such-tty", settings: SerialLineSettings())
        do {
            try transport.open()
            Issue.record("open should fail")
        } catch let error as PrinterError {
            #expect(error.kind == .offline && error.errno == ENOENT && error.device == "/dev/kioskd-no-such-tty", "\(error)")
            #expect("\(error)" == "offline on '/dev/kioskd-no-such-tty': open: No such file or directory (errno 2)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
