import Devices
import Testing

@Suite("PCSCStatus and PCSCError")
struct PCSCStatusTests {
    @Test("codes print as their SCARD_* name and hex value", arguments: [
        (PCSCStatus.noService, "SCARD_E_NO_SERVICE (0x8010001D)"),
        (.serviceStopped, "SCARD_E_SERVICE_STOPPED (0x8010001E)"),
        (.communicationError, "SCARD_F_COMM_ERROR (0x80100013)"),
        (.cancelled, "SCARD_E_CANCELLED (0x80100002)"),
        (.removedCard, "SCARD_W_REMOVED_CARD (0x80100069)"),
        (.success, "SCARD_S_SUCCESS (0x00000000)"),
        (PCSCStatus(rawValue: 0x8010_0022), "unknown PC/SC status (0x80100022)"),
    ])
    func names(status: PCSCStatus, text: String) {
        #expect("\(status)" == text)
    }

    @Test("an error names the C call and the code")
    func error() {
        let error = PCSCError(call: "SCardGetStatusChange", status: .noService)
        #expect("\(error)" == "SCardGetStatusChange: SCARD_E_NO_SERVICE (0x8010001D)")
    }

    @Test("codes meaning pcscd is gone", arguments: [
        (PCSCStatus.noService, true), (.serviceStopped, true), (.invalidHandle, true), (.communicationError, true),
        (.cancelled, false), (.timeout, false), (.unknownReader, false), (.removedCard, false), (.noReadersAvailable, false),
    ])
    func serviceLost(status: PCSCStatus, lost: Bool) {
        #expect(status.meansServiceLost == lost, "\(status) means service lost: \(lost)")
        #expect(PCSCError(call: "SCardListReaders", status: status).meansServiceLost == lost)
    }
}
