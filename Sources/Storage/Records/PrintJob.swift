import Foundation

/// What a print job prints: an open set of names (`footer`, `voucher`, `test`, …).
public struct PrintJobKind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// The loyalty footer of a sale's receipt.
    public static let footer = PrintJobKind("footer")
    /// A voucher slip (code as an EAN-13 barcode).
    public static let voucher = PrintJobKind("voucher")
    /// A test page (`kioskctl print-test`).
    public static let test = PrintJobKind("test")

    public var description: String { rawValue }
}

/// A job to queue: the exact bytes to send to the printer.
public struct PrintJobRequest: Sendable, Equatable {
    public var kind: PrintJobKind
    /// ESC/POS bytes, sent as-is.
    public var bytes: [UInt8]

    public init(kind: PrintJobKind, bytes: [UInt8]) {
        self.kind = kind
        self.bytes = bytes
    }
}

/// A queued print job as stored.
public struct PrintJobRecord: Sendable, Equatable {
    /// Where the job stands.
    public enum Status: String, Sendable {
        /// Waiting to print (possibly after failed attempts).
        case pending
        /// Sent to the printer and acknowledged.
        case printed
        /// Given up by hand; never printed.
        case abandoned
    }

    /// Monotonic id: jobs print in id order.
    public let jobId: Int64
    /// The sale the job belongs to, nil for a standalone job.
    public let saleId: String?
    public let kind: PrintJobKind
    public let bytes: [UInt8]
    public let status: Status
    /// Failed attempts so far.
    public let attempts: Int
    /// The last failure, e.g. `paper out`.
    public let lastError: String?
    public let createdAt: Date
    public let lastAttemptAt: Date?
    /// When it printed or was abandoned.
    public let finishedAt: Date?
}
