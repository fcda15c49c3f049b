import Foundation
import Storage
import TestSupport

/// A fresh store in its own temporary directory (kept alive with the store).
struct StoreFixture {
    let directory = TemporaryDirectory(prefix: "kioskd-storage")
    let store: KioskStore

    init(now: @escaping @Sendable () -> Date = { Date() }) throws {
        store = try KioskStore(stateDirectory: directory.path, now: now)
    }

    /// A second connection on the same file, as `kioskctl` opens it.
    func secondConnection(busyTimeoutMilliseconds: Int32 = KioskStore.defaultBusyTimeoutMilliseconds) throws -> KioskStore {
        try KioskStore(stateDirectory: directory.path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
    }
}

/// 2024-03-01 10:00:00 UTC, a fixed instant for records.
let march1 = Date(timeIntervalSince1970: 1_709_287_200)

/// A sale earning `points` for `account` (or anonymous), with a footer print job.
func makeSale(
    _ id: String, account: String? = "acct-1", points: Int64 = 12, totalCents: Int64 = 1_250,
    vouchers: [VoucherRecord] = [], redemptions: [VoucherRedemptionRecord] = [], printJobs: [PrintJobRequest]? = nil
) -> SaleRecord {
    var ledger: [LedgerEntryRecord] = []
    if let account {
        ledger.append(LedgerEntryRecord(accountId: account, kind: .points, reason: "earn", amount: points))
        for voucher in vouchers {
            ledger.append(LedgerEntryRecord(accountId: account, kind: .voucher, reason: "voucher-created",
                                            amount: voucher.valueCents, reference: voucher.code))
        }
        for redemption in redemptions {
            ledger.append(LedgerEntryRecord(accountId: account, kind: .voucher, reason: "voucher-redeemed",
                                            amount: -redemption.valueCents, reference: redemption.code))
        }
    }
    let payload = #"{"saleId":"\#(id)","totalCents":\#(totalCents)}"#
    return SaleRecord(
        saleId: id, kioskId: "kiosk-1", storeId: "store-A", closedAt: march1, accountId: account,
        totalCents: totalCents, payload: Array(payload.utf8), answer: Array(#"{"ok":true}"#.utf8),
        ledger: ledger, vouchersCreated: vouchers, voucherRedemptions: redemptions,
        printJobs: printJobs ?? [PrintJobRequest(kind: .footer, bytes: [0x1B, 0x40] + Array("Loyalty Program\n".utf8))])
}

/// A voucher for `account` worth `cents`.
func makeVoucher(_ code: String, account: String = "acct-1", cents: Int64 = 500) -> VoucherRecord {
    VoucherRecord(code: code, accountId: account, valueCents: cents, createdAt: march1,
                  activeFrom: march1.addingTimeInterval(86_400), expiresAt: nil, delivery: "wallet")
}
