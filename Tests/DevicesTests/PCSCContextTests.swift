@testable import Devices
import Testing

@Suite("PCSCContext")
struct PCSCContextTests {
    @Test("a reader multi-string splits into names", arguments: [
        (Array("Virtual PCD 00 00\0Virtual PCD 00 01\0\0".utf8), ["Virtual PCD 00 00", "Virtual PCD 00 01"]),
        (Array("ACS ACR122U PICC Interface 00 00\0\0".utf8), ["ACS ACR122U PICC Interface 00 00"]),
        ([0], []),
        ([], []),
    ] as [([UInt8], [String])])
    func split(bytes: [UInt8], names: [String]) {
        #expect(PCSCContext.splitMultiString(bytes) == names)
    }
}
