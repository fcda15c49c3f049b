import CPCSCLite
import Glibc

/// An established connection to the PC/SC resource manager (pcscd): an `SCARDCONTEXT`.
///
/// Owned by one thread: every method but `canceller` must be called from the thread that uses
/// the context. The context is released (`SCardReleaseContext`) when the value is deinitialised.
/// After pcscd stops, every call throws a `PCSCError` whose `meansServiceLost` is true; the
/// context cannot be revived and a new one must be established.
public final class PCSCContext {
    /// The most readers one `SCardGetStatusChange` can wait on (`PCSCLITE_MAX_READERS_CONTEXTS`).
    public static let maximumWaitEntries = Int(PCSCLITE_MAX_READERS_CONTEXTS)

    let handle: SCARDCONTEXT

    private init(handle: SCARDCONTEXT) { self.handle = handle }

    deinit { _ = SCardReleaseContext(handle) }

    /// `SCardEstablishContext(SCARD_SCOPE_SYSTEM)`. Does not block: without pcscd it fails at once.
    /// - Throws: `PCSCError` for `SCardEstablishContext` (`SCARD_E_NO_SERVICE` when pcscd is not running).
    public static func establish() throws(PCSCError) -> PCSCContext {
        var handle: SCARDCONTEXT = 0
        try PCSCError.check(SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &handle), "SCardEstablishContext")
        return PCSCContext(handle: handle)
    }

    /// A value that can cancel this context's `waitForStatusChange` from any thread.
    public var canceller: PCSCCanceller { PCSCCanceller(handle: handle) }

    /// `SCardListReaders`: the names of the readers pcscd knows now, in its order.
    /// An empty list (not an error) when pcscd has no reader.
    /// - Throws: `PCSCError` for `SCardListReaders`.
    public func readerNames() throws(PCSCError) -> [String] {
        var length: DWORD = 0
        let sizing = SCardListReaders(handle, nil, nil, &length)
        if sizing == SCARD_E_NO_READERS_AVAILABLE { return [] }
        try PCSCError.check(sizing, "SCardListReaders")
        var buffer = [CChar](repeating: 0, count: Int(length))
        let listing = SCardListReaders(handle, nil, &buffer, &length)
        if listing == SCARD_E_NO_READERS_AVAILABLE { return [] }
        try PCSCError.check(listing, "SCardListReaders")
        return Self.splitMultiString(buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) })
    }

    /// `SCardGetStatusChange`: blocks until the state of one of `states` differs from its
    /// `known` value, then fills in each `observed` and `answerToReset`.
    ///
    /// With `timeoutMilliseconds` nil the wait is infinite (`INFINITE`); it costs no CPU while
    /// blocked and ends early when `canceller.cancel()` is called from another thread.
    /// - Precondition: at most `maximumWaitEntries` states.
    /// - Throws: `PCSCError` for `SCardGetStatusChange` (`SCARD_E_CANCELLED` after a cancel,
    ///   `SCARD_E_TIMEOUT`, `SCARD_E_UNKNOWN_READER`, `SCARD_F_COMM_ERROR` when pcscd dies…).
    public func waitForStatusChange(_ states: inout [PCSCReaderState], timeoutMilliseconds: UInt32? = nil) throws(PCSCError) {
        precondition(states.count <= Self.maximumWaitEntries, "SCardGetStatusChange takes at most \(Self.maximumWaitEntries) readers")
        let names = states.map { strdup($0.reader)! }
        defer { names.forEach { free($0) } }
        var entries = states.enumerated().map { index, state -> SCARD_READERSTATE in
            var entry = SCARD_READERSTATE()
            entry.szReader = UnsafePointer(names[index])
            entry.dwCurrentState = DWORD(state.known.rawValue)
            return entry
        }
        let timeout = DWORD(timeoutMilliseconds ?? UInt32(INFINITE))
        try PCSCError.check(SCardGetStatusChange(handle, timeout, &entries, DWORD(entries.count)), "SCardGetStatusChange")
        for index in states.indices {
            let entry = entries[index]
            states[index].observed = PCSCReaderStatus(rawValue: UInt32(truncatingIfNeeded: entry.dwEventState))
            states[index].answerToReset = withUnsafeBytes(of: entry.rgbAtr) { Array($0.prefix(min(Int(entry.cbAtr), $0.count))) }
        }
    }

    /// `SCardConnect` in shared mode with T=0 or T=1: opens the card in `reader`.
    /// - Throws: `PCSCError` for `SCardConnect` (`SCARD_E_NO_SMARTCARD`, `SCARD_W_REMOVED_CARD`,
    ///   `SCARD_W_UNRESPONSIVE_CARD`…).
    public func connect(reader: String) throws(PCSCError) -> PCSCCardConnection {
        var card: SCARDHANDLE = 0
        var activeProtocol: DWORD = 0
        try PCSCError.check(
            SCardConnect(handle, reader, DWORD(SCARD_SHARE_SHARED), DWORD(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1), &card, &activeProtocol),
            "SCardConnect('\(reader)')"
        )
        return PCSCCardConnection(handle: card, reader: reader, activeProtocol: activeProtocol)
    }

    /// Splits a PC/SC multi-string (`name\0name\0\0`) into its names.
    static func splitMultiString(_ bytes: [UInt8]) -> [String] {
        bytes.split(separator: 0, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Cancels a blocked `SCardGetStatusChange` on one context, from any thread (`SCardCancel`).
///
/// A cancel sent while no wait is in progress is lost (pcsc-lite only cancels a wait that has
/// started), so a caller that needs the wait to end repeats it until the waiting thread answers.
public struct PCSCCanceller: Sendable {
    let handle: SCARDCONTEXT

    /// `SCardCancel`. Errors are ignored: a context already released has nothing to cancel.
    public func cancel() { _ = SCardCancel(handle) }
}
