import Foundation
import Storage

/// Decides whether a scanned voucher may be redeemed: single use across stores, checked with
/// the backend when it answers, `OfflineVoucherPolicy` when it does not.
///
/// Call it when the sale closes, just before `commitClosedSale`, with
/// `idempotencyKey = "<saleId>:<code>"`: a retried close reuses the key and gets the same
/// answer, and a cancelled order never burns a voucher. Record the accepted redemption in the
/// sale (`VoucherRedemptionRecord(offline:)`) so the backend learns of offline ones.
public struct VoucherRedeemer: Sendable {
    /// The decision.
    public enum Decision: Sendable, Equatable {
        /// The backend redeemed it now (single use guaranteed). `valueCents` as the backend says.
        case redeemed(valueCents: Int64?)
        /// The backend could not be asked; accepted under `allowUpTo` (double-spend risk bounded
        /// by the limit).
        case redeemedOffline(valueCents: Int64, backendError: String)
        /// Not redeemable.
        case refused(Refusal)
    }

    /// Why a voucher is refused.
    public enum Refusal: Sendable, Equatable {
        /// Already redeemed (here, or in another store per the backend).
        case alreadyRedeemed
        /// The backend knows no such voucher.
        case unknownVoucher
        /// The backend refused it (expired, not yet active, …).
        case rejected(httpStatus: Int, reason: String)
        /// Offline and the policy is `refuse`.
        case offlineRefused(backendError: String)
        /// Offline and the value is unknown here or above the offline limit.
        case offlineLimit(valueCents: Int64?, maxCents: Int64, backendError: String)

        /// True when the backend (or this store) answered with a refusal: nothing was redeemed.
        /// False for the offline refusals, where a request that got no answer may have redeemed it.
        public var backendAnswered: Bool {
            switch self {
            case .alreadyRedeemed, .unknownVoucher, .rejected: return true
            case .offlineRefused, .offlineLimit: return false
            }
        }
    }

    let client: BackendClient
    let store: KioskStore
    let storage = StoreExecutor(label: "kioskd.voucher-redeemer")

    public init(client: BackendClient, store: KioskStore) {
        self.client = client
        self.store = store
    }

    /// Redeems `code` for sale `saleId`.
    /// - Parameter knownValueCents: the voucher's value when the caller knows it (e.g. from the
    ///   customer's cached wallet); otherwise the local voucher table is used.
    public func redeem(code: String, saleId: String, storeId: String, kioskId: String, accountId: String?,
                       knownValueCents: Int64? = nil) async -> Decision {
        let store = self.store
        let local = (try? await storage.run { try store.voucher(code: code) }) ?? nil
        if let local, local.status != .active, local.redeemedBySaleId != saleId { return .refused(.alreadyRedeemed) }
        let answer = await client.redeemVoucher(code: code, idempotencyKey: Self.idempotencyKey(saleId: saleId, code: code), saleId: saleId,
                                                storeId: storeId, kioskId: kioskId, accountId: accountId)
        switch answer {
        case .redeemed(let value, _):
            return .redeemed(valueCents: value ?? local?.valueCents ?? knownValueCents)
        case .alreadyRedeemed:
            return .refused(.alreadyRedeemed)
        case .unknownVoucher:
            return .refused(.unknownVoucher)
        case .refused(let status, let reason):
            return .refused(.rejected(httpStatus: status, reason: reason))
        case .unavailable(let reason):
            return Self.offlineDecision(policy: client.configuration.offlineVouchers,
                                        valueCents: local?.valueCents ?? knownValueCents, backendError: reason)
        }
    }

    /// The key a sale redeems (and releases) a voucher with: `<saleId>:<code>`.
    public static func idempotencyKey(saleId: String, code: String) -> String { "\(saleId):\(code)" }

    /// The offline policy applied to a voucher of `valueCents` (nil = unknown here). Pure.
    public static func offlineDecision(policy: OfflineVoucherPolicy, valueCents: Int64?, backendError: String) -> Decision {
        switch policy {
        case .refuse:
            return .refused(.offlineRefused(backendError: backendError))
        case .allowUpTo(let maxCents):
            guard let valueCents, valueCents <= maxCents else {
                return .refused(.offlineLimit(valueCents: valueCents, maxCents: maxCents, backendError: backendError))
            }
            return .redeemedOffline(valueCents: valueCents, backendError: backendError)
        }
    }
}
