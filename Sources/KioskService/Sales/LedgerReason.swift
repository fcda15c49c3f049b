import Loyalty

/// The `reason` of a stored ledger entry, as the backend contract names it
/// (`docs/backend-api.yaml`, `LedgerEntry.reason`): the backend applies entries by reason.
enum LedgerReason {
    static let earn = "earn"
    static let inactivityBonus = "bonus-inactivity"
    static let redeemReward = "redeem-reward"
    static let refund = "refund"

    /// The contract's reason for an engine ledger entry.
    static func reason(for kind: Loyalty.LedgerEntry.Kind) -> String {
        switch kind {
        case .pointsEarned, .stampsEarned, .cashbackEarned: return earn
        case .inactivityBonus: return inactivityBonus
        case .pointsRedeemed, .stampsRedeemed: return redeemReward
        case .pointsConverted: return "points-converted"
        case .pointsExpired: return "points-expired"
        case .pointsReversed, .stampsReversed, .cashbackReversed: return refund
        case .cashbackCredited: return "cashback-credited"
        case .cashbackSpent: return "cashback-spent"
        case .voucherCreated: return "voucher-created"
        case .voucherRedeemed: return "voucher-redeemed"
        case .voucherRemainderKept: return "voucher-remainder"
        case .voucherRemainderForfeited: return "voucher-forfeited"
        case .voucherVoided: return "voucher-voided"
        case .reversalShortfall: return "reversal-shortfall"
        }
    }
}
