import Foundation

/// The backend's clock as the `backend` check saw it (the `Date` of its answer), kept for the
/// `clock` check of the same doctor run, so the backend is asked once.
///
/// One value per `DiagnosticEnvironment`; written by one check and read by a later one on the
/// same thread, locked anyway so a caller may run checks concurrently.
public final class BackendClockReading: @unchecked Sendable {
    /// One reading: the backend's host, its clock, and this machine's clock at that moment.
    public struct Reading: Sendable, Equatable {
        public let host: String
        public let serverDate: Date
        public let localDate: Date

        /// This machine's clock minus the backend's, in seconds (positive: this kiosk is ahead).
        public var skewSeconds: TimeInterval { localDate.timeIntervalSince(serverDate) }
    }

    private let lock = NSLock()
    private var stored: Reading?

    public init() {}

    /// Keeps the clock of `exchange`, when the backend sent one.
    public func record(host: String, _ exchange: BackendProbe.Exchange) {
        guard let serverDate = exchange.serverDate else { return }
        lock.lock()
        stored = Reading(host: host, serverDate: serverDate, localDate: exchange.receivedAt)
        lock.unlock()
    }

    /// The last reading, if the backend answered with a `Date`.
    public var reading: Reading? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
