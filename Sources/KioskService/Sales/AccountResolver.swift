import Foundation
import Identity
import Loyalty
import Storage
import StrictJSON

/// Rebuilds a customer's `LoyaltyAccount` from what this kiosk knows: the backend's last
/// copy in the account cache (when there is one), plus the ledger entries of this kiosk's
/// sales the backend has not acknowledged yet (still in the outbox), plus the local state of
/// every voucher.
///
/// Acknowledged sales are already in the backend's copy: the copy is refreshed at each
/// identification (account lookup) and by each acknowledgement (the sale answer carries the
/// account). Without a cached copy (no backend, or never seen by it) the account id is the
/// credential's key (`badge:04A1B2C3`) and the account is the sum of the local ledger.
/// Calls block on SQLite: run them on the store's `BlockingExecutor`.
public struct AccountResolver: Sendable {
    private let store: KioskStore

    public init(store: KioskStore) { self.store = store }

    /// The account for `credential`.
    /// - Throws: `StorageError` on a SQLite failure.
    public func account(for credential: Credential) throws -> LoyaltyAccount {
        // One snapshot: the relay stores an acknowledged sale's account copy and its delivered
        // mark together; reading them apart could miss the sale or count it twice.
        let view = try store.accountView(credential: credential.key)
        var account: LoyaltyAccount
        if let cached = view.cached, let decoded = BackendAccount.account(from: cached.document, id: cached.accountId) {
            account = decoded
        } else {
            account = LoyaltyAccount(id: credential.key)
        }
        for entry in view.unacknowledged[account.id] ?? [] { apply(entry, to: &account) }
        let known = Set(account.vouchers.map(\.code.digits))
        for record in view.vouchers[account.id] ?? [] {
            guard let voucher = Self.voucher(record) else { continue }
            if let index = account.vouchers.firstIndex(where: { $0.code.digits == record.code }) {
                account.vouchers[index] = voucher
            } else if !known.contains(record.code) {
                account.vouchers.append(voucher)
            }
        }
        return account
    }

    /// Adds one local ledger movement to the account's holdings.
    private func apply(_ entry: Storage.LedgerEntry, to account: inout LoyaltyAccount) {
        let amount = Int(entry.record.amount)
        switch entry.record.kind {
        case .points:
            account.balance = max(0, account.balance + amount)
            let reason = entry.record.reason
            if reason == LedgerReason.earn || reason == LedgerReason.inactivityBonus || reason == LedgerReason.refund {
                account.lifetimePoints = max(0, account.lifetimePoints + amount)
            }
            if reason == LedgerReason.earn || reason == LedgerReason.inactivityBonus {
                account.lastVisit = max(account.lastVisit ?? entry.recordedAt, entry.recordedAt)
            }
        case .stamps:
            account.stamps = max(0, account.stamps + amount)
            if entry.record.reason == LedgerReason.earn {
                account.lastVisit = max(account.lastVisit ?? entry.recordedAt, entry.recordedAt)
            }
        case .cashback:
            account.cashback = Cents(max(0, account.cashback.value + amount))
        case .voucher:
            break  // vouchers come from the voucher table, with their status
        }
    }

    /// A stored voucher as the engine's `Voucher`; nil for a code that is not an EAN-13.
    static func voucher(_ record: VoucherRecord) -> Voucher? {
        guard let code = try? EAN13(validating: record.code) else { return nil }
        let status: Voucher.Status
        switch record.status {
        case .active: status = .issued
        case .redeemed: status = .redeemed
        case .cancelled: status = .void
        }
        return Voucher(
            code: code, value: Cents(Int(record.valueCents)), createdAt: record.createdAt, activeFrom: record.activeFrom,
            expiresAt: record.expiresAt, delivery: VoucherDelivery(rawValue: record.delivery) ?? .wallet, status: status,
            saleId: record.createdBySaleId, redeemedAt: record.redeemedAt, redeemedSaleId: record.redeemedBySaleId
        )
    }
}
