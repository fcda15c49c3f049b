/// The keys of the receipt footer's labels, overridable per language in `loyalty.labels`.
///
/// The default texts in French, Dutch and English live in the Receipt module
/// (`FooterLabels`); the program only carries overrides. Placeholders in braces
/// (`{balance}`) are replaced when the footer is built; the placeholders each label
/// offers are listed in `placeholders` and in docs/loyalty.md.
public enum FooterLabel: String, Sendable, Hashable, CaseIterable {
    case title
    case cumulativePoints
    case availableReward
    case currentTier
    case newTier
    case stamps
    case stampRewardReady
    case cashbackWallet
    case thresholdProgress
    case voucherEarned
    case voucherValidity
    case voucherValidityOpenEnded
    case voucherInWallet
    case voucherUsed
    case voucherRemainderKept
    case voucherRemainderForfeited
    case cashbackUsed
    case rewardRedeemed
    case birthdayBonus
    case welcomeBackBonus
    case pointsReversed
    case notConfirmed
    case rewardFreeProduct
    case rewardCashback

    /// The placeholders the label's text may contain.
    public var placeholders: [String] {
        switch self {
        case .title, .voucherInWallet, .notConfirmed, .rewardFreeProduct: return []
        case .cumulativePoints: return ["balance", "delta"]
        case .availableReward: return ["reward", "cost"]
        case .currentTier, .newTier: return ["tier"]
        case .stamps: return ["stamps", "threshold", "delta"]
        case .stampRewardReady, .rewardRedeemed: return ["reward"]
        case .cashbackWallet: return ["wallet", "delta"]
        case .thresholdProgress: return ["balance", "target", "delta"]
        case .voucherEarned: return ["amount"]
        case .voucherValidity: return ["from", "until"]
        case .voucherValidityOpenEnded: return ["from"]
        case .voucherUsed, .voucherRemainderKept, .voucherRemainderForfeited, .cashbackUsed, .rewardCashback: return ["amount"]
        case .birthdayBonus: return ["multiplier"]
        case .welcomeBackBonus: return ["points"]
        case .pointsReversed: return ["points"]
        }
    }
}
