import CPCSCLite

/// A failed libpcsclite call: the C function and the `SCARD_*` code it returned.
///
/// Prints as one log-ready line: `SCardGetStatusChange: SCARD_E_NO_SERVICE (0x8010001D)`.
public struct PCSCError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The C function that failed (`SCardEstablishContext`, `SCardTransmit`…).
    public let call: String
    /// What it returned.
    public let status: PCSCStatus

    public init(call: String, status: PCSCStatus) {
        self.call = call
        self.status = status
    }

    /// Whether pcscd is gone (see `PCSCStatus.meansServiceLost`).
    public var meansServiceLost: Bool { status.meansServiceLost }

    public var description: String { "\(call): \(status)" }

    /// Throws a `PCSCError` naming `call` unless `code` is `SCARD_S_SUCCESS`.
    static func check(_ code: Int, _ call: String) throws(PCSCError) {
        guard code == SCARD_S_SUCCESS else { throw PCSCError(call: call, status: PCSCStatus(rawValue: code)) }
    }
}
