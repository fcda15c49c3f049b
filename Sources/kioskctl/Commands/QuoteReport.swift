import Foundation
import Loyalty
import Receipt

/// The human-readable report of `kioskctl quote` (amounts in English notation).
struct QuoteReport {
    let outcome: SaleOutcome
    let footer: LoyaltyFooter?

    func euros(_ amount: Cents) -> String { AmountFormat.euros(amount, .en) }

    var text: String {
        var lines: [String] = []
        let sale = outcome.saleId.map { "sale \($0)" } ?? "sale"
        lines.append("\(sale): \(outcome.mode) mode, \(outcome.eligibility)")
        let ticket = outcome.ticket
        var money = "ticket \(euros(ticket.gross))"
        if ticket.freeProducts > .zero { money += ", free products -\(euros(ticket.freeProducts))" }
        if ticket.rewardDiscount > .zero { money += ", rewards -\(euros(ticket.rewardDiscount))" }
        if ticket.voucherPaid > .zero { money += ", vouchers -\(euros(ticket.voucherPaid))" }
        if ticket.cashbackPaid > .zero { money += ", cashback -\(euros(ticket.cashbackPaid))" }
        lines.append(money + ", due \(euros(ticket.due))")
        if outcome.eligibility == .eligible {
            let earned = outcome.earned
            var parts: [String] = []
            switch outcome.mode {
            case .points, .pointsThreshold: parts.append("+\(earned.points) points (×\(outcome.multiplier.applied))")
            case .stamps: parts.append("+\(earned.stamps) stamps")
            case .cashback: parts.append("+\(euros(earned.cashback)) cashback")
            case .percentage, .itemPoints: break
            }
            if earned.bonusPoints > 0 { parts.append("+\(earned.bonusPoints) welcome-back points") }
            if earned.voucherValue > .zero { parts.append("\(euros(earned.voucherValue)) in vouchers") }
            lines.append("earned: " + (parts.isEmpty ? "nothing" : parts.joined(separator: ", ")))
        }
        for redemption in outcome.rewardsRedeemed {
            lines.append("reward \(redemption.reward.id): -\(redemption.cost), discount \(euros(redemption.discount))")
        }
        for voucher in outcome.vouchersRedeemed {
            let rest = voucher.remainder > .zero ? (voucher.remainderVoucher.map { ", remainder \(euros(voucher.remainder)) kept as \($0)" } ?? ", remainder \(euros(voucher.remainder)) forfeited") : ""
            lines.append("voucher \(voucher.code) used: \(euros(voucher.used))\(rest)")
        }
        for rejection in outcome.rejections {
            lines.append("refused \(rejection.subject) \(rejection.reference): \(rejection.reason)")
        }
        for voucher in outcome.vouchersCreated {
            let until = voucher.expiresAt.map { " until \(InstantText.format($0)) (exclusive)" } ?? ", no expiry"
            lines.append("voucher created \(voucher.code) \(euros(voucher.value)) (\(voucher.origin), \(voucher.delivery)), active from \(InstantText.format(voucher.activeFrom))\(until)")
        }
        if let account = outcome.accountAfter {
            var state = "account \(account.id) after: balance \(account.balance), lifetime \(account.lifetimePoints), stamps \(account.stamps), cashback \(euros(account.cashback))"
            if let tier = outcome.tierAfter { state += ", tier \(tier.name.text(in: .en))" }
            lines.append(state)
        }
        if let footer {
            lines.append("footer (\(footer.language)):")
            lines += footer.texts.map { "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
