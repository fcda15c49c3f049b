import Devices
import Glibc
import Receipt
import TestSupport
import Testing

/// The raw TCP transport against a loopback printer that answers `DLE EOT`.
struct PrinterNetworkTransportTests {
    struct StatusCase: Sendable, CustomStringConvertible {
        let condition: FakeEscPosPrinter.Condition
        let report: PrinterStatusReport
        var description: String { "\(condition)" }
    }

    @Test("DLE EOT answers over TCP: online, paper near end, paper out, cover open", arguments: [
        StatusCase(condition: .ready, report: .answered(.ready)),
        StatusCase(condition: .paperNearEnd, report: .answered(PrinterStatus(printer: 0x12, offlineCause: 0x12, errorCause: 0x12, paperSensor: 0x1E))),
        StatusCase(condition: .paperOut, report: .answered(PrinterStatus(printer: 0x1A, offlineCause: 0x32, errorCause: 0x12, paperSensor: 0x72))),
        StatusCase(condition: .coverOpen, report: .answered(PrinterStatus(printer: 0x1A, offlineCause: 0x16, errorCause: 0x12, paperSensor: 0x12))),
    ])
    func statuses(_ c: StatusCase) throws {
        let printer = try FakeEscPosPrinter.overTCP(condition: c.condition)
        defer { printer.stop() }
        let transport = PrinterNetworkTransport(host: "127.0.0.1", port: printer.port)
        try transport.open()
        defer { transport.close() }
        let report = try PrinterStatusReader(timeoutMilliseconds: 1_000).read(from: transport)
        #expect(report == c.report)
        #expect(printer.statusRequests == [1, 2, 3, 4])
    }

    @Test("a silent printer is 'not answering' after the timeout, never offline")
    func silentPrinter() throws {
        let printer = try FakeEscPosPrinter.overTCP(condition: .silent)
        defer { printer.stop() }
        let transport = PrinterNetworkTransport(host: "127.0.0.1", port: printer.port)
        try transport.open()
        defer { transport.close() }
        let started = monotonicMilliseconds()
        let report = try PrinterStatusReader(timeoutMilliseconds: 200).read(from: transport)
        let elapsed = monotonicMilliseconds() - started
        #expect(report == .notAnswering)
        #expect(report.fault == nil, "no fault: its jobs still print")
        #expect(elapsed >= 190 && elapsed < 2_000, "waited the timeout once (\(elapsed) ms)")
        let job = EscPosJobEncoder(profile: .epson80mm).encode([.text("ok", .plain)])
        try transport.send(job, timeoutMilliseconds: 1_000)
        #expect(printer.waitForPrinted { $0 == job }, "and it takes the job")
    }

    @Test("a job arrives byte for byte over TCP")
    func bytesArrive() throws {
        let printer = try FakeEscPosPrinter.overTCP()
        defer { printer.stop() }
        let transport = PrinterNetworkTransport(host: "127.0.0.1", port: printer.port)
        let job = EscPosJobEncoder(profile: .epson80mm).encode(FooterBlock.elements(["Programme de fidélité", "Récompense disponible : -5 €"]))
        try transport.open()
        try transport.send(job, timeoutMilliseconds: 1_000)
        transport.close()
        #expect(printer.waitForPrinted { $0.count >= job.count })
        #expect(printer.printed == job)
        #expect(try EscPosStreamDecoder().decode(printer.printed).texts.contains("Récompense disponible : -5 €"))
    }

    @Test("nobody listening: offline with ECONNREFUSED and the endpoint")
    func refused() throws {
        let printer = try FakeEscPosPrinter.overTCP()
        let port = printer.port
        printer.stop()
        let transport = PrinterNetworkTransport(host: "127.0.0.1", port: port, connectTimeoutMilliseconds: 500)
        do {
            try transport.open()
            Issue.record("connect should be refused")
        } catch let error as PrinterError {
            #expect(error.kind == .offline && error.errno == ECONNREFUSED, "\(error)")
            #expect(error.device == "tcp://127.0.0.1:\(port)")
        }
    }

    @Test("the printer closing the connection while we wait is offline, not silence")
    func closedWhileWaiting() throws {
        let printer = try FakeEscPosPrinter.overTCP(condition: .silent)
        let transport = PrinterNetworkTransport(host: "127.0.0.1", port: printer.port)
        try transport.open()
        defer { transport.close() }
        #expect(printer.waitForPrinted(seconds: 2) { _ in printer.connections == 1 })
        printer.stop()
        do {
            _ = try PrinterStatusReader(timeoutMilliseconds: 1_000).read(from: transport)
            Issue.record("expected an error")
        } catch let error as PrinterError {
            #expect(error.kind == .offline || error.kind == .writeFailed, "\(error)")
        }
    }
}

func monotonicMilliseconds() -> Int {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return ts.tv_sec * 1_000 + ts.tv_nsec / 1_000_000
}
