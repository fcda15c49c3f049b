import Devices
import Testing

struct PrinterStatusTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let bytes: (UInt8, UInt8, UInt8, UInt8)
        let fault: PrinterError.Kind?
        let nearEnd: Bool
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "ready: 12 12 12 12", bytes: (0x12, 0x12, 0x12, 0x12), fault: nil, nearEnd: false),
        Case(name: "paper near end is not a fault: 12 12 12 1E", bytes: (0x12, 0x12, 0x12, 0x1E), fault: nil, nearEnd: true),
        Case(name: "paper out: 1A 32 12 72", bytes: (0x1A, 0x32, 0x12, 0x72), fault: .paperOut, nearEnd: false),
        Case(name: "paper end and near end seen by the roll sensor only: 12 12 12 7E", bytes: (0x12, 0x12, 0x12, 0x7E), fault: .paperOut, nearEnd: true),
        Case(name: "cover open: 1A 16 12 12", bytes: (0x1A, 0x16, 0x12, 0x12), fault: .coverOpen, nearEnd: false),
        Case(name: "auto-cutter error: 1A 52 1A 12", bytes: (0x1A, 0x52, 0x1A, 0x12), fault: .printerError, nearEnd: false),
        Case(name: "unrecoverable error: 1A 52 32 12", bytes: (0x1A, 0x52, 0x32, 0x12), fault: .printerError, nearEnd: false),
        Case(name: "offline without a stated cause: 1A 12 12 12", bytes: (0x1A, 0x12, 0x12, 0x12), fault: .offline, nearEnd: false),
    ]

    @Test("DLE EOT answers decode to the fault that holds a job", arguments: cases)
    func decoding(_ c: Case) {
        let status = PrinterStatus(printer: c.bytes.0, offlineCause: c.bytes.1, errorCause: c.bytes.2, paperSensor: c.bytes.3)
        #expect(status.fault == c.fault, "\(c.name): \(status)")
        #expect(status.paperNearEnd == c.nearEnd)
    }

    @Test("only bytes with bits 1 and 4 set and 0 and 7 clear are status answers")
    func statusByteShape() {
        #expect(PrinterStatus.isStatusByte(0x12))
        #expect(PrinterStatus.isStatusByte(0x1A))
        #expect(PrinterStatus.isStatusByte(0x72))
        #expect(!PrinterStatus.isStatusByte(0x00))
        #expect(!PrinterStatus.isStatusByte(0x13), "XOFF is not a status")
        #expect(!PrinterStatus.isStatusByte(0x92))
    }

    @Test("a printer that does not answer has no fault: it is not offline")
    func notAnswering() {
        #expect(PrinterStatusReport.notAnswering.fault == nil)
    }
}
