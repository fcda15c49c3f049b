import Loyalty

/// The footer's label texts in French, Dutch and English, with the config's overrides on top.
///
/// Guarantees: every `FooterLabel` has a default text in each language (checked by tests);
/// an override from `loyalty.labels` replaces the default for its language only.
public struct FooterLabels: Sendable {
    /// Overrides by language (from `LoyaltyProgram.labels`).
    public var overrides: [Language: [FooterLabel: String]]

    /// Defaults with `overrides` on top.
    public init(overrides: [Language: [FooterLabel: String]] = [:]) { self.overrides = overrides }

    /// The text of `label` in `language`.
    public func text(_ label: FooterLabel, _ language: Language) -> String {
        overrides[language]?[label] ?? Self.defaultText(label, language)
    }

    /// The built-in text of `label` in `language` (listed in docs/loyalty.md).
    public static func defaultText(_ label: FooterLabel, _ language: Language) -> String {
        switch language {
        case .en: return english(label)
        case .fr: return french(label)
        case .nl: return dutch(label)
        }
    }

    static func english(_ label: FooterLabel) -> String {
        switch label {
        case .title: return "Loyalty Program"
        case .cumulativePoints: return "Cumulative points: {balance} ({delta})"
        case .availableReward: return "Available reward: {reward} (reached at {cost} pts)"
        case .currentTier: return "Current tier: {tier}"
        case .newTier: return "New tier reached: {tier}"
        case .stamps: return "Stamps: {stamps}/{threshold} ({delta})"
        case .stampRewardReady: return "Reward ready: {reward}"
        case .cashbackWallet: return "Cashback wallet: {wallet} ({delta})"
        case .thresholdProgress: return "Points: {balance}/{target} ({delta})"
        case .voucherEarned: return "Voucher earned: {amount}"
        case .voucherValidity: return "Valid from {from} to {until}"
        case .voucherValidityOpenEnded: return "Valid from {from}"
        case .voucherInWallet: return "Available in your online wallet"
        case .voucherUsed: return "Voucher used: {amount}"
        case .voucherRemainderKept: return "Voucher balance kept: {amount}"
        case .voucherRemainderForfeited: return "Voucher balance forfeited: {amount}"
        case .cashbackUsed: return "Cashback used: {amount}"
        case .rewardRedeemed: return "Reward used: {reward}"
        case .birthdayBonus: return "Happy birthday! Points {multiplier}"
        case .welcomeBackBonus: return "Welcome back bonus: +{points} pts"
        case .pointsReversed: return "Points reversed: -{points}"
        case .notConfirmed: return "Card not confirmed: no loyalty on this ticket"
        case .rewardFreeProduct: return "Free product"
        case .rewardCashback: return "{amount} cashback"
        }
    }

    static func french(_ label: FooterLabel) -> String {
        switch label {
        case .title: return "Programme de fidélité"
        case .cumulativePoints: return "Points cumulés : {balance} ({delta})"
        case .availableReward: return "Récompense disponible : {reward} (atteinte à {cost} pts)"
        case .currentTier: return "Niveau actuel : {tier}"
        case .newTier: return "Nouveau niveau atteint : {tier}"
        case .stamps: return "Tampons : {stamps}/{threshold} ({delta})"
        case .stampRewardReady: return "Récompense prête : {reward}"
        case .cashbackWallet: return "Cagnotte : {wallet} ({delta})"
        case .thresholdProgress: return "Points : {balance}/{target} ({delta})"
        case .voucherEarned: return "Bon d'achat gagné : {amount}"
        case .voucherValidity: return "Valable du {from} au {until}"
        case .voucherValidityOpenEnded: return "Valable à partir du {from}"
        case .voucherInWallet: return "Disponible dans votre portefeuille en ligne"
        case .voucherUsed: return "Bon d'achat utilisé : {amount}"
        case .voucherRemainderKept: return "Solde du bon conservé : {amount}"
        case .voucherRemainderForfeited: return "Solde du bon perdu : {amount}"
        case .cashbackUsed: return "Cagnotte utilisée : {amount}"
        case .rewardRedeemed: return "Récompense utilisée : {reward}"
        case .birthdayBonus: return "Joyeux anniversaire ! Points {multiplier}"
        case .welcomeBackBonus: return "Bonus de retour : +{points} pts"
        case .pointsReversed: return "Points annulés : -{points}"
        case .notConfirmed: return "Carte non confirmée : pas de fidélité sur ce ticket"
        case .rewardFreeProduct: return "Produit offert"
        case .rewardCashback: return "{amount} sur la cagnotte"
        }
    }

    static func dutch(_ label: FooterLabel) -> String {
        switch label {
        case .title: return "Getrouwheidsprogramma"
        case .cumulativePoints: return "Gespaarde punten: {balance} ({delta})"
        case .availableReward: return "Beschikbare beloning: {reward} (bereikt bij {cost} ptn)"
        case .currentTier: return "Huidig niveau: {tier}"
        case .newTier: return "Nieuw niveau bereikt: {tier}"
        case .stamps: return "Stempels: {stamps}/{threshold} ({delta})"
        case .stampRewardReady: return "Beloning klaar: {reward}"
        case .cashbackWallet: return "Spaarpot: {wallet} ({delta})"
        case .thresholdProgress: return "Punten: {balance}/{target} ({delta})"
        case .voucherEarned: return "Verdiende waardebon: {amount}"
        case .voucherValidity: return "Geldig van {from} tot {until}"
        case .voucherValidityOpenEnded: return "Geldig vanaf {from}"
        case .voucherInWallet: return "Beschikbaar in uw online portefeuille"
        case .voucherUsed: return "Gebruikte waardebon: {amount}"
        case .voucherRemainderKept: return "Restwaarde bon behouden: {amount}"
        case .voucherRemainderForfeited: return "Restwaarde bon vervallen: {amount}"
        case .cashbackUsed: return "Gebruikte spaarpot: {amount}"
        case .rewardRedeemed: return "Gebruikte beloning: {reward}"
        case .birthdayBonus: return "Gelukkige verjaardag! Punten {multiplier}"
        case .welcomeBackBonus: return "Welkom-terug-bonus: +{points} ptn"
        case .pointsReversed: return "Geannuleerde punten: -{points}"
        case .notConfirmed: return "Kaart niet bevestigd: geen getrouwheid op dit ticket"
        case .rewardFreeProduct: return "Gratis product"
        case .rewardCashback: return "{amount} in uw spaarpot"
        }
    }
}
