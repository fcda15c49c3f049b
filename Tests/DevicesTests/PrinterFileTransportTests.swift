import Devices
import Foundation
import Glibc
import TestSupport
import Testing

struct PrinterFileTransportTests {
    @Test("jobs are appended to the file; a file never answers status")
    func appends() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/printer.bin"
        let transport = PrinterFileTransport(path: path)
        for job: [UInt8] in [[0x1B, 0x40, 0x41, 0x0A], [0x1B, 0x40, 0x42, 0x0A]] {
            try transport.open()
            let answer = try transport.request([0x10, 0x04, 0x01], timeoutMilliseconds: 100, accept: { _ in true })
            #expect(answer == nil)
            try transport.send(job, timeoutMilliseconds: 100)
            transport.close()
        }
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == [0x1B, 0x40, 0x41, 0x0A, 0x1B, 0x40, 0x42, 0x0A])
    }

    @Test("a file in a missing directory is offline with ENOENT")
    func missingDirectory() {
        let transport = PrinterFileTransport(path: "/nonexistent-kioskd/printer.bin")
        #expect { try transport.open() } throws: { ($0 as? PrinterError)?.errno == ENOENT }
    }
}
