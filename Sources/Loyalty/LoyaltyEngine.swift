import Foundation
import Identity

/// The loyalty engine: turns a basket, an account and the sale's circumstances into a
/// `SaleOutcome`. The service calls `quote` at checkout (preview) and at close (the outcome
/// to commit); both give the same answer for the same inputs.
///
/// Guarantees: a pure function of its inputs (no clock, no I/O, no global state); exact decimal
/// arithmetic rounded once per sale (half-up to the cent, points and stamps down to the unit);
/// a sale without a confirmed, eligible identity earns and redeems nothing; balances never go
/// below zero; a sale earns at the tier held when it started.
public struct LoyaltyEngine: Sendable {
    public let program: LoyaltyProgram

    public init(program: LoyaltyProgram) { self.program = program }

    /// Why the engine could not produce an outcome.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The voucher serial counter no longer fits in a code with the configured prefix.
        case voucherSerialExhausted(prefix: String, serial: UInt64)

        public var description: String {
            switch self {
            case .voucherSerialExhausted(let prefix, let serial):
                return "voucher serial \(serial) does not fit in an EAN-13 with prefix \(prefix)"
            }
        }
    }

    /// Computes what the sale earns and redeems and the account after it.
    ///
    /// Order: expired point batches are removed; rewards, then vouchers, then cashback are
    /// applied to the ticket; the rest of the ticket earns (the share paid by loyalty earns
    /// nothing); vouchers are created; the footer facts are gathered.
    /// - Throws: `Failure.voucherSerialExhausted` when a voucher code cannot be made.
    public func quote(basket: Basket, account: LoyaltyAccount?, context: SaleContext) throws(Failure) -> SaleOutcome {
        let calendar = StoreCalendar(timeZone: context.timeZone)
        let tierBefore = account.flatMap { program.tiers.tier(forLifetimePoints: $0.lifetimePoints) }
        var outcome = SaleOutcome(
            saleId: basket.saleId, mode: program.mode, eligibility: eligibility(of: account, context: context),
            ticket: TicketTotals(gross: basket.total), multiplier: MultiplierBreakdown(), earned: Earned(),
            lines: basket.lines.enumerated().map { LineEarning(index: $0.offset, sku: $0.element.sku, quantity: $0.element.quantity, weight: 0) },
            rewardsRedeemed: [], vouchersRedeemed: [], discountVAT: [], vouchersCreated: [], rejections: [], ledger: [],
            accountBefore: account, accountAfter: account, tierBefore: tierBefore, tierAfter: tierBefore,
            voucherSerials: context.voucherSerials, footer: nil
        )
        guard let account, outcome.eligibility == .eligible else {
            outcome.rejections = refuseAll(basket.redemptions)
            if let account, outcome.eligibility == .notConfirmed {
                var footer = FooterData(language: account.language ?? context.storeLanguage, mode: program.mode)
                footer.identityNotConfirmed = true
                outcome.footer = footer
            }
            return outcome
        }
        var sale = SaleComputation(
            program: program, basket: basket, calendar: calendar, now: context.now, wallet: PointsWallet(account: account),
            serials: context.voucherSerials
        )
        sale.expirePoints()
        try sale.redeem(basket.redemptions)
        sale.earn(tierBefore: tierBefore, birthday: account.birthday, lastVisit: account.lastVisit)
        try sale.settle()

        outcome.ticket = sale.ticket
        outcome.multiplier = sale.multiplier
        outcome.earned = sale.earned
        outcome.lines = sale.lineEarnings
        outcome.rewardsRedeemed = sale.rewardsRedeemed
        outcome.vouchersRedeemed = sale.vouchersRedeemed
        outcome.vouchersCreated = sale.vouchersCreated
        outcome.rejections = sale.rejections
        outcome.ledger = sale.ledger
        outcome.voucherSerials = sale.serials
        outcome.discountVAT = VoucherVATSplit.split(
            sale.ticket.rewardDiscount + sale.ticket.voucherPaid, treatment: program.vouchers.vat, ticketByRate: sale.ticketByRate
        )
        var after = sale.wallet.account
        after.lastVisit = context.now
        outcome.accountAfter = after
        outcome.tierAfter = program.tiers.tier(forLifetimePoints: after.lifetimePoints)
        outcome.footer = footer(for: outcome, account: after, language: after.language ?? context.storeLanguage, calendar: calendar)
        return outcome
    }

    func eligibility(of account: LoyaltyAccount?, context: SaleContext) -> Eligibility {
        guard let account else { return .anonymous }
        if account.counter { return .counterCustomer }
        if !account.eligible { return .customerExcluded }
        if !context.identityConfirmed { return .notConfirmed }
        return .eligible
    }

    func refuseAll(_ request: RedemptionRequest) -> [Rejection] {
        request.rewards.map { Rejection(.reward, $0, .notEligible) }
            + request.vouchers.map { Rejection(.voucher, $0, .notEligible) }
            + (request.cashback > .zero ? [Rejection(.cashback, String(request.cashback.value), .notEligible)] : [])
    }

    func footer(for outcome: SaleOutcome, account: LoyaltyAccount, language: Language, calendar: StoreCalendar) -> FooterData {
        var footer = FooterData(language: language, mode: program.mode)
        footer.balance = account.balance
        footer.pointsDelta = outcome.earned.points + outcome.earned.bonusPoints
        if program.mode.earnsPoints {
            let affordable = program.rewards.filter { $0.cost <= account.balance }
            footer.availableReward = affordable.max { $0.cost < $1.cost } ?? program.rewards.min { $0.cost < $1.cost }
            footer.tier = outcome.tierAfter
            footer.tierChanged = outcome.tierAfter?.id != outcome.tierBefore?.id
            if outcome.multiplier.birthday != 1 { footer.birthdayMultiplier = outcome.multiplier.birthday }
        }
        if outcome.earned.bonusPoints > 0 { footer.welcomeBackPoints = outcome.earned.bonusPoints }
        footer.stamps = account.stamps
        footer.stampsDelta = outcome.earned.stamps
        footer.stampThreshold = program.stampThreshold
        if program.mode == .stamps {
            footer.stampRewardReady = program.rewards.filter { $0.cost <= account.stamps }.max { $0.cost < $1.cost }
        }
        footer.cashbackWallet = account.cashback
        footer.cashbackDelta = outcome.earned.cashback
        footer.target = program.target
        footer.vouchersEarned = outcome.vouchersCreated.filter { $0.origin == .earned }.map { voucher in
            FooterData.VoucherLine(
                code: voucher.code.digits, value: voucher.value, from: calendar.localDate(of: voucher.activeFrom),
                until: voucher.expiresAt.map { calendar.localDate(of: $0).adding(days: -1) }, delivery: voucher.delivery
            )
        }
        footer.rewardsRedeemed = outcome.rewardsRedeemed.map(\.reward)
        footer.vouchersUsed = outcome.vouchersRedeemed
        footer.remainderPolicy = program.vouchers.remainder
        footer.cashbackUsed = outcome.ticket.cashbackPaid
        return footer
    }
}
