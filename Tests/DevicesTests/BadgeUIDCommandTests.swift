import Devices
import Identity
import Testing

@Suite("BadgeUIDCommand")
struct BadgeUIDCommandTests {
    @Test("the command is PC/SC part 3 Get Data UID")
    func apdu() {
        #expect(BadgeUIDCommand.apdu == [0xFF, 0xCA, 0x00, 0x00, 0x00])
    }

    @Test("UID + 90 00 gives the UID in card order", arguments: [
        ([0x04, 0xA1, 0xB2, 0xC3, 0x90, 0x00], "04A1B2C3"),
        ([0x04, 0x5F, 0x0A, 0x12, 0x34, 0x56, 0x80, 0x90, 0x00], "045F0A12345680"),
        ([0xE0, 0x04, 0x01, 0x50, 0x12, 0x34, 0x56, 0x78, 0x90, 0x00], "E004015012345678"),
        ([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x90, 0x00], "0102030405060708090A"),
    ] as [([UInt8], String)])
    func good(response: [UInt8], hex: String) throws {
        let uid = try BadgeUIDCommand.uid(fromResponse: response)
        #expect(uid == (try CardUID(hex: hex)), "\(response) gives \(hex)")
        #expect("\(uid)" == hex, "printed as upper-case hex")
    }

    @Test("garbage answers are refused with the reason", arguments: [
        ([], BadgeReadError.responseTooShort([])),
        ([0x90], .responseTooShort([0x90])),
        ([0x6A, 0x81], .statusWord(0x6A, 0x81)),
        ([0x04, 0xA1, 0xB2, 0xC3, 0x63, 0x00], .statusWord(0x63, 0x00)),
        ([0x90, 0x00], .implausibleUIDLength(0)),
        ([0x04, 0xA1, 0xB2, 0x90, 0x00], .implausibleUIDLength(3)),
        ([UInt8](repeating: 0x11, count: 11) + [0x90, 0x00], .implausibleUIDLength(11)),
    ] as [([UInt8], BadgeReadError)])
    func garbage(response: [UInt8], error: BadgeReadError) {
        #expect(throws: error) { try BadgeUIDCommand.uid(fromResponse: response) }
    }

    @Test("read errors print as one log line", arguments: [
        (BadgeReadError.statusWord(0x6A, 0x81), "answer to FF CA 00 00 00 ended with 6A 81, not 90 00"),
        (.responseTooShort([]), "answer to FF CA 00 00 00 too short: nothing"),
        (.responseTooShort([0x90]), "answer to FF CA 00 00 00 too short: 90"),
        (.implausibleUIDLength(17), "answer to FF CA 00 00 00 carries a 17-byte UID, expected 4 to 10"),
        (.unresponsiveCard, "card does not answer the reset (SCARD_STATE_MUTE)"),
        (.exchangeFailed(PCSCError(call: "SCardTransmit('ACS ACR122U 00 00')", status: .removedCard)),
         "SCardTransmit('ACS ACR122U 00 00'): SCARD_W_REMOVED_CARD (0x80100069)"),
    ])
    func descriptions(error: BadgeReadError, text: String) {
        #expect("\(error)" == text)
    }
}
