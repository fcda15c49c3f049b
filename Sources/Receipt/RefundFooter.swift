import Loyalty

extension LoyaltyFooter {
    /// The loyalty footer of a refund receipt: what the refund took back and where the customer
    /// stands now (`Points reversed: -10` / `Cumulative points: 115 (-10)`).
    /// Labels come from `program.labels` over the defaults.
    public init(refund: RefundOutcome, program: LoyaltyProgram, language: Language) {
        var builder = Builder(labels: FooterLabels(overrides: program.labels), language: language)
        builder.add(.title, emphasized: true)
        let account = refund.accountAfter
        let taken = refund.reversed.points - refund.shortfall.points
        switch refund.record.mode {
        case .points, .pointsThreshold:
            if refund.reversed.points > 0 { builder.add(.pointsReversed, ["points": String(taken)]) }
            builder.add(.cumulativePoints, ["balance": String(account.balance), "delta": AmountFormat.delta(-taken)])
        case .stamps:
            let stamps = refund.reversed.stamps - refund.shortfall.stamps
            builder.add(.stamps, ["stamps": String(account.stamps), "threshold": String(program.stampThreshold), "delta": AmountFormat.delta(-stamps)])
        case .cashback:
            let cents = refund.reversed.cashback - refund.shortfall.cashback
            builder.add(.cashbackWallet, ["wallet": builder.euros(account.cashback), "delta": builder.euros(-cents, signed: true)])
        case .percentage, .itemPoints:
            break
        }
        if let tier = refund.tierAfter, refund.record.mode.earnsPoints {
            builder.add(.currentTier, ["tier": tier.name.text(in: language)])
        }
        self.init(language: language, lines: builder.lines)
    }

    /// A footer made of lines already built.
    init(language: Language, lines: [FooterLine]) {
        self.language = language
        self.lines = lines
    }
}
