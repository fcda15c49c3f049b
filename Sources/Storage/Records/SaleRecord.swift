import Foundation

/// A closed sale as the store keeps it: what the service maps a loyalty result onto.
///
/// Everything in it commits in one transaction (`KioskStore.commitClosedSale`). Times are
/// stored to the millisecond.
public struct SaleRecord: Sendable, Equatable {
    /// The sale's permanent unique id; also the backend's `Idempotency-Key`.
    public var saleId: String
    public var kioskId: String
    public var storeId: String
    public var closedAt: Date
    /// The identified, confirmed customer's account, or nil for an anonymous sale.
    public var accountId: String?
    public var totalCents: Int64
    /// The JSON document relayed to the backend (`POST /v1/sales` body), byte for byte.
    public var payload: [UInt8]
    /// The JSON answer given to the kiosk UI at close, returned as-is on a repeated close.
    public var answer: [UInt8]
    /// Every point, stamp, cashback and voucher movement of the sale, in order.
    public var ledger: [LedgerEntryRecord]
    /// Vouchers the sale created (their `createdBySaleId` is this sale).
    public var vouchersCreated: [VoucherRecord]
    /// Vouchers the sale redeemed.
    public var voucherRedemptions: [VoucherRedemptionRecord]
    /// Receipt footer and voucher slips to print, queued in the same transaction.
    public var printJobs: [PrintJobRequest]

    public init(
        saleId: String, kioskId: String, storeId: String, closedAt: Date, accountId: String?,
        totalCents: Int64, payload: [UInt8], answer: [UInt8] = [], ledger: [LedgerEntryRecord] = [],
        vouchersCreated: [VoucherRecord] = [], voucherRedemptions: [VoucherRedemptionRecord] = [],
        printJobs: [PrintJobRequest] = []
    ) {
        self.saleId = saleId
        self.kioskId = kioskId
        self.storeId = storeId
        self.closedAt = closedAt
        self.accountId = accountId
        self.totalCents = totalCents
        self.payload = payload
        self.answer = answer
        self.ledger = ledger
        self.vouchersCreated = vouchersCreated
        self.voucherRedemptions = voucherRedemptions
        self.printJobs = printJobs
    }
}

/// The result of `KioskStore.commitClosedSale`: the sale as stored and where its parts went.
public struct CommittedSale: Sendable, Equatable {
    /// The sale as stored. On a repeated close this is the *first* close's record.
    public let sale: SaleRecord
    /// Ids of the sale's print jobs, in the order of `sale.printJobs`.
    public let printJobIds: [Int64]
    /// True when the sale id was already committed and nothing was written this time.
    public let wasAlreadyCommitted: Bool
}
