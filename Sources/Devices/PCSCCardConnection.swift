import CPCSCLite

/// A card opened with `SCardConnect`: an `SCARDHANDLE` with its reader and active protocol.
///
/// Owned by the thread that opened it. `disconnect()` (or deinitialisation) calls
/// `SCardDisconnect(SCARD_LEAVE_CARD)` exactly once, leaving the card powered for other readers
/// of the same reader.
public final class PCSCCardConnection {
    /// The longest answer `transmit` accepts: a short APDU's 256 data bytes plus SW1 SW2
    /// (pcsc-lite's `MAX_BUFFER_SIZE` is 264).
    public static let maximumResponseLength = Int(MAX_BUFFER_SIZE)

    /// The reader the card is in.
    public let reader: String
    private let handle: SCARDHANDLE
    private let activeProtocol: DWORD
    private var connected = true

    init(handle: SCARDHANDLE, reader: String, activeProtocol: DWORD) {
        self.handle = handle
        self.reader = reader
        self.activeProtocol = activeProtocol
    }

    deinit { disconnect() }

    /// `SCardTransmit`: sends one command APDU and returns the response APDU (data + SW1 SW2),
    /// unparsed, exactly as the card answered.
    /// - Throws: `PCSCError` for `SCardTransmit` (`SCARD_W_REMOVED_CARD`, `SCARD_E_NOT_TRANSACTED`,
    ///   `SCARD_E_INSUFFICIENT_BUFFER` for an answer over `maximumResponseLength`…).
    public func transmit(_ command: [UInt8]) throws(PCSCError) -> [UInt8] {
        var sendPCI = SCARD_IO_REQUEST(dwProtocol: UInt(activeProtocol), cbPciLength: UInt(MemoryLayout<SCARD_IO_REQUEST>.size))
        var response = [UInt8](repeating: 0, count: Self.maximumResponseLength)
        var length = DWORD(response.count)
        try PCSCError.check(
            SCardTransmit(handle, &sendPCI, command, DWORD(command.count), nil, &response, &length),
            "SCardTransmit('\(reader)')"
        )
        return Array(response.prefix(Int(length)))
    }

    /// `SCardDisconnect(SCARD_LEAVE_CARD)`; later calls do nothing. Errors are ignored: the card
    /// may already have left, and the handle is gone either way.
    public func disconnect() {
        guard connected else { return }
        connected = false
        _ = SCardDisconnect(handle, DWORD(SCARD_LEAVE_CARD))
    }
}
