import Loyalty

/// One logical line of the loyalty footer, before wrapping to the printer's width.
public struct FooterLine: Sendable, Hashable {
    /// Which label produced it.
    public let label: FooterLabel
    /// The text, in the footer's language (may be longer than the paper: the layout wraps it).
    public let text: String
    /// Whether the printer should emphasise it (the title).
    public let emphasized: Bool

    public init(label: FooterLabel, text: String, emphasized: Bool = false) {
        self.label = label
        self.text = text
        self.emphasized = emphasized
    }
}

/// The loyalty footer of a receipt: language-tagged logical lines, built from the engine's
/// `FooterData` and the label texts.
///
/// For the seed's example (balance 487, +12, a `-5 €` reward at 500 points, Silver) the English
/// lines are exactly `Loyalty Program` / `Cumulative points: 487 (+12)` /
/// `Available reward: -5 € (reached at 500 pts)` / `Current tier: Silver`.
public struct LoyaltyFooter: Sendable, Hashable {
    public let language: Language
    public let lines: [FooterLine]

    /// The lines' texts in order.
    public var texts: [String] { lines.map(\.text) }

    /// Builds the footer for `data` in `data.language`, or in `language` when given.
    public init(_ data: FooterData, labels: FooterLabels = FooterLabels(), language: Language? = nil) {
        let language = language ?? data.language
        var builder = Builder(labels: labels, language: language)
        builder.build(data)
        self.language = language
        self.lines = builder.lines
    }

    struct Builder {
        let labels: FooterLabels
        let language: Language
        var lines: [FooterLine] = []

        mutating func add(_ label: FooterLabel, _ values: [String: String] = [:], emphasized: Bool = false) {
            lines.append(FooterLine(label: label, text: LabelTemplate.fill(labels.text(label, language), values), emphasized: emphasized))
        }

        func euros(_ amount: Cents, signed: Bool = false) -> String { AmountFormat.euros(amount, language, signed: signed) }

        /// The reward's own name, else a description from its kind (`-5 €`, `-10 %`).
        func describe(_ reward: Reward) -> String {
            if let name = reward.name { return name.text(in: language) }
            switch reward.kind {
            case .amountOff(let amount): return euros(-amount)
            case .percentOffNextTicket(let percent): return "-" + AmountFormat.percent(percent, language)
            case .freeProduct: return labels.text(.rewardFreeProduct, language)
            case .cashback(let amount): return LabelTemplate.fill(labels.text(.rewardCashback, language), ["amount": euros(amount)])
            }
        }

        mutating func build(_ data: FooterData) {
            add(.title, emphasized: true)
            if data.identityNotConfirmed {
                add(.notConfirmed)
                return
            }
            for reward in data.rewardsRedeemed { add(.rewardRedeemed, ["reward": describe(reward)]) }
            for voucher in data.vouchersUsed {
                add(.voucherUsed, ["amount": euros(-voucher.used)])
                if voucher.remainder > .zero {
                    add(voucher.remainderVoucher == nil ? .voucherRemainderForfeited : .voucherRemainderKept, ["amount": euros(voucher.remainder)])
                }
            }
            if data.cashbackUsed > .zero { add(.cashbackUsed, ["amount": euros(-data.cashbackUsed)]) }
            switch data.mode {
            case .points:
                add(.cumulativePoints, ["balance": String(data.balance), "delta": AmountFormat.delta(data.pointsDelta)])
            case .pointsThreshold:
                add(.thresholdProgress, ["balance": String(data.balance), "target": String(data.target), "delta": AmountFormat.delta(data.pointsDelta)])
            case .stamps:
                add(.stamps, ["stamps": String(data.stamps), "threshold": String(data.stampThreshold), "delta": AmountFormat.delta(data.stampsDelta)])
                if let reward = data.stampRewardReady { add(.stampRewardReady, ["reward": describe(reward)]) }
            case .cashback:
                add(.cashbackWallet, ["wallet": euros(data.cashbackWallet), "delta": euros(data.cashbackDelta, signed: true)])
            case .percentage, .itemPoints:
                break
            }
            for voucher in data.vouchersEarned {
                add(.voucherEarned, ["amount": euros(voucher.value)])
                if let until = voucher.until {
                    add(.voucherValidity, ["from": AmountFormat.date(voucher.from), "until": AmountFormat.date(until)])
                } else {
                    add(.voucherValidityOpenEnded, ["from": AmountFormat.date(voucher.from)])
                }
                if voucher.delivery == .wallet { add(.voucherInWallet) }
            }
            if let reward = data.availableReward { add(.availableReward, ["reward": describe(reward), "cost": String(reward.cost)]) }
            if let tier = data.tier { add(data.tierChanged ? .newTier : .currentTier, ["tier": tier.name.text(in: language)]) }
            if let factor = data.birthdayMultiplier { add(.birthdayBonus, ["multiplier": AmountFormat.factor(factor, language)]) }
            if let points = data.welcomeBackPoints { add(.welcomeBackBonus, ["points": String(points)]) }
        }
    }
}
