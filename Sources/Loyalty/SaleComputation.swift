import Foundation
import Identity

/// The working state of one eligible sale inside `LoyaltyEngine.quote` (internal).
struct SaleComputation {
    let program: LoyaltyProgram
    let basket: Basket
    let calendar: StoreCalendar
    let now: Date
    var wallet: PointsWallet
    var serials: VoucherSerialCounter

    var values: [ItemValues]
    var freeUnits: [Int]
    var freeDiscountByLine: [Cents]
    var ticket: TicketTotals
    var multiplier = MultiplierBreakdown()
    var earned = Earned()
    var lineEarnings: [LineEarning] = []
    var exactTotal: Decimal = 0
    var rewardsRedeemed: [RewardRedemption] = []
    var vouchersRedeemed: [VoucherRedemption] = []
    var vouchersCreated: [Voucher] = []
    var rejections: [Rejection] = []
    var ledger: [LedgerEntry] = []
    var cashbackCredited: Cents = .zero

    init(program: LoyaltyProgram, basket: Basket, calendar: StoreCalendar, now: Date, wallet: PointsWallet, serials: VoucherSerialCounter) {
        self.program = program
        self.basket = basket
        self.calendar = calendar
        self.now = now
        self.wallet = wallet
        self.serials = serials
        self.values = basket.lines.map { ItemValues.resolve($0, rules: program.rules) }
        self.freeUnits = Array(repeating: 0, count: basket.lines.count)
        self.freeDiscountByLine = Array(repeating: .zero, count: basket.lines.count)
        self.ticket = TicketTotals(gross: basket.total)
    }

    var issuer: VoucherIssuer { VoucherIssuer(policy: program.vouchers, calendar: calendar) }
    var saleReference: String { basket.saleId.map { "sale \($0)" } ?? "sale" }

    /// Ticket totals incl. VAT per rate, after free products (what a discount can buy).
    var ticketByRate: [(rate: Decimal, total: Cents)] {
        var totals: [Decimal: Cents] = [:]
        for (index, line) in basket.lines.enumerated() {
            totals[line.vatRate, default: .zero] = totals[line.vatRate, default: .zero] + line.total - freeDiscountByLine[index]
        }
        return totals.map { (rate: $0.key, total: $0.value) }
    }

    mutating func updateTicket() {
        ticket = TicketTotals(
            gross: ticket.gross, freeProducts: freeDiscountByLine.reduce(.zero, +), rewardDiscount: ticket.rewardDiscount,
            voucherPaid: ticket.voucherPaid, cashbackPaid: ticket.cashbackPaid
        )
    }

    // MARK: expiry

    mutating func expirePoints() {
        for batch in wallet.expire(at: now) {
            let earnedOn = calendar.localDate(of: batch.earnedAt)
            ledger.append(LedgerEntry(
                .pointsExpired, .points, -batch.points, reason: "points earned \(earnedOn) expired", reference: batch.saleId
            ))
        }
    }

    // MARK: redemptions

    mutating func redeem(_ request: RedemptionRequest) throws(LoyaltyEngine.Failure) {
        for id in request.rewards { redeemReward(id) }
        var seen = Set<String>()
        for code in request.vouchers {
            guard seen.insert(code).inserted else { rejections.append(Rejection(.voucher, code, .duplicate)); continue }
            try redeemVoucher(code)
        }
        if request.cashback > .zero { payWithCashback(request.cashback) }
    }

    mutating func redeemReward(_ id: String) {
        guard program.mode.hasRewards else { rejections.append(Rejection(.reward, id, .rewardsNotInMode)); return }
        guard let reward = program.reward(id: id) else { rejections.append(Rejection(.reward, id, .unknownReward)); return }
        let paysWithStamps = program.mode == .stamps
        if paysWithStamps ? wallet.account.stamps < reward.cost : wallet.account.balance < reward.cost {
            rejections.append(Rejection(.reward, id, paysWithStamps ? .insufficientStamps : .insufficientPoints))
            return
        }
        var discount = Cents.zero
        var credited = Cents.zero
        switch reward.kind {
        case .freeProduct(let sku):
            guard let index = freeProductLine(sku: sku) else { rejections.append(Rejection(.reward, id, .productNotInBasket)); return }
            discount = min(basket.lines[index].unitPrice, basket.lines[index].total - freeDiscountByLine[index])
            freeUnits[index] += 1
            freeDiscountByLine[index] = freeDiscountByLine[index] + discount
        case .amountOff(let amount):
            guard ticket.due > .zero else { rejections.append(Rejection(.reward, id, .nothingDue)); return }
            discount = min(amount, ticket.due)
            ticket.rewardDiscount = ticket.rewardDiscount + discount
        case .percentOffNextTicket(let percent):
            guard ticket.due > .zero else { rejections.append(Rejection(.reward, id, .nothingDue)); return }
            discount = Cents(rounding: ticket.due.decimal * percent / 100)
            ticket.rewardDiscount = ticket.rewardDiscount + discount
        case .cashback(let amount):
            credited = amount
            cashbackCredited = cashbackCredited + amount
        }
        updateTicket()
        if paysWithStamps {
            wallet.account.stamps -= reward.cost
            ledger.append(LedgerEntry(.stampsRedeemed, .stamps, -reward.cost, reason: "reward \(reward.id)", reference: reward.id))
        } else {
            wallet.spend(reward.cost)
            ledger.append(LedgerEntry(.pointsRedeemed, .points, -reward.cost, reason: "reward \(reward.id)", reference: reward.id))
        }
        if credited > .zero {
            ledger.append(LedgerEntry(.cashbackCredited, .cents, credited.value, reason: "reward \(reward.id)", reference: reward.id))
        }
        rewardsRedeemed.append(RewardRedemption(reward: reward, cost: reward.cost, discount: discount, credited: credited))
    }

    /// The line whose unit a free-product reward takes: the SKU's first line with a unit left,
    /// or without SKU the cheapest eligible unit (stamp-eligible in stamps mode).
    func freeProductLine(sku: String?) -> Int? {
        let candidates = basket.lines.indices.filter { index in
            let line = basket.lines[index]
            guard line.quantity - freeUnits[index] > 0 else { return false }
            if let sku { return line.sku == sku }
            return program.mode == .stamps ? values[index].stampEligible && values[index].eligible : values[index].eligible
        }
        return candidates.min { basket.lines[$0].unitPrice < basket.lines[$1].unitPrice }
    }

    mutating func redeemVoucher(_ code: String) throws(LoyaltyEngine.Failure) {
        guard let position = wallet.account.vouchers.firstIndex(where: { $0.code.digits == code }) else {
            rejections.append(Rejection(.voucher, code, .unknownVoucher))
            return
        }
        let voucher = wallet.account.vouchers[position]
        switch voucher.usability(at: now) {
        case .usable: break
        case .notYetActive: rejections.append(Rejection(.voucher, code, .notYetActive)); return
        case .expired: rejections.append(Rejection(.voucher, code, .expired)); return
        case .alreadyRedeemed: rejections.append(Rejection(.voucher, code, .alreadyRedeemed)); return
        case .void: rejections.append(Rejection(.voucher, code, .voided)); return
        }
        guard ticket.due > .zero else { rejections.append(Rejection(.voucher, code, .nothingDue)); return }
        let used = min(voucher.value, ticket.due)
        let remainder = voucher.value - used
        ticket.voucherPaid = ticket.voucherPaid + used
        updateTicket()
        wallet.account.vouchers[position].status = .redeemed
        wallet.account.vouchers[position].redeemedAt = now
        wallet.account.vouchers[position].redeemedSaleId = basket.saleId
        ledger.append(LedgerEntry(.voucherRedeemed, .cents, -used.value, reason: "voucher paid \(saleReference)", reference: code))
        var remainderCode: String?
        if remainder > .zero {
            switch program.vouchers.remainder {
            case .keep:
                let kept: Voucher
                do {
                    kept = try issuer.replace(voucher, value: remainder, origin: .remainder, at: now, saleId: basket.saleId, serials: &serials)
                } catch { throw failure(error) }
                remainderCode = kept.code.digits
                wallet.account.vouchers.append(kept)
                vouchersCreated.append(kept)
                ledger.append(LedgerEntry(.voucherRemainderKept, .cents, -remainder.value, reason: "remainder moved to \(kept.code)", reference: code))
                ledger.append(LedgerEntry(.voucherCreated, .cents, remainder.value, reason: "remainder of \(code)", reference: kept.code.digits))
            case .forfeit:
                ledger.append(LedgerEntry(.voucherRemainderForfeited, .cents, -remainder.value, reason: "remainder forfeited", reference: code))
            }
        }
        vouchersRedeemed.append(VoucherRedemption(code: code, value: voucher.value, used: used, remainder: remainder, remainderVoucher: remainderCode))
    }

    mutating func payWithCashback(_ requested: Cents) {
        guard wallet.account.cashback > .zero else { rejections.append(Rejection(.cashback, String(requested.value), .emptyWallet)); return }
        guard ticket.due > .zero else { rejections.append(Rejection(.cashback, String(requested.value), .nothingDue)); return }
        let used = min(requested, wallet.account.cashback, ticket.due)
        wallet.account.cashback = wallet.account.cashback - used
        ticket.cashbackPaid = used
        updateTicket()
        ledger.append(LedgerEntry(.cashbackSpent, .cents, -used.value, reason: "cashback paid \(saleReference)"))
    }

    func failure(_ error: VoucherIssuer.Failure) -> LoyaltyEngine.Failure {
        switch error {
        case .serialExhausted(let prefix, let serial): return .voucherSerialExhausted(prefix: prefix, serial: serial)
        }
    }

    // MARK: earning

    mutating func earn(tierBefore: Tier?, birthday: Birthday?, lastVisit: Date?) {
        let today = calendar.localDate(of: now)
        if program.mode.earnsPoints {
            let tierFactor = tierBefore?.multiplier ?? 1
            let birthdayFactor = birthday.map { $0.isCelebrated(on: today) } == true ? program.birthdayMultiplier : 1
            let raw = tierFactor * birthdayFactor
            multiplier = MultiplierBreakdown(
                tier: tierFactor, birthday: birthdayFactor, applied: min(raw, program.maxMultiplier), capped: raw > program.maxMultiplier
            )
        }
        // The share of the ticket paid by loyalty (rewards, vouchers, cashback) earns nothing.
        let bought = (ticket.gross - ticket.freeProducts).decimal
        let unpaid = (ticket.gross - ticket.freeProducts - ticket.rewardDiscount - ticket.voucherPaid - ticket.cashbackPaid).decimal
        lineEarnings = basket.lines.enumerated().map { index, line in
            lineEarning(index: index, line: line, bought: bought, unpaid: unpaid)
        }
        exactTotal = lineEarnings.reduce(Decimal(0)) { $0 + $1.weight }
        switch program.mode {
        case .points, .pointsThreshold: earned.points = DecimalRounding.floor(exactTotal)
        case .stamps: earned.stamps = DecimalRounding.floor(exactTotal)
        case .cashback: earned.cashback = Cents(rounding: exactTotal)
        case .percentage, .itemPoints: earned.voucherValue = Cents(rounding: exactTotal)
        }
        if program.mode.earnsPoints, let inactivity = program.inactivity, let lastVisit,
            calendar.daysBetween(lastVisit, now) >= inactivity.days
        {
            earned.bonusPoints = inactivity.bonusPoints
        }
    }

    func lineEarning(index: Int, line: BasketLine, bought: Decimal, unpaid: Decimal) -> LineEarning {
        var earning = LineEarning(index: index, sku: line.sku, quantity: line.quantity, freeUnits: freeUnits[index], weight: 0)
        let item = values[index]
        if !item.eligible { earning.excluded = .notEligible; return earning }
        if program.excludeDiscountedItems && line.discount > .zero { earning.excluded = .discounted; return earning }
        let units = Decimal(line.quantity - freeUnits[index])
        let total = (line.total - freeDiscountByLine[index]).decimal
        let raw: Decimal
        switch program.mode {
        case .points: raw = total * program.pointsPerEuro * multiplier.applied / 100
        case .stamps: raw = item.stampEligible ? units : 0
        case .cashback: raw = total * program.cashbackPercent / (100 + line.vatRate)
        case .percentage: raw = total * item.percent / 100
        case .itemPoints: raw = item.points * units * program.conversionFactor * 100
        case .pointsThreshold: raw = item.points * units * multiplier.applied
        }
        if raw == 0 && !(program.mode == .points || program.mode == .cashback) { earning.excluded = .noLoyaltyValue }
        guard bought > 0 else { return earning }
        earning.weight = raw * unpaid / bought
        return earning
    }

    // MARK: settling the account

    mutating func settle() throws(LoyaltyEngine.Failure) {
        let reason = saleReference
        switch program.mode {
        case .points, .pointsThreshold:
            let lastValidDay = program.expiry.lastValidDay(earnedOn: calendar.localDate(of: now))
            let expiresAt = lastValidDay.map { calendar.startOfDay($0.adding(days: 1)) }
            wallet.add(earned.points + earned.bonusPoints, earnedAt: now, expiresAt: expiresAt, saleId: basket.saleId)
            wallet.account.lifetimePoints += earned.points + earned.bonusPoints
            if earned.points > 0 {
                ledger.append(LedgerEntry(.pointsEarned, .points, earned.points, reason: "\(reason) × \(multiplier.applied)", reference: basket.saleId))
            }
            if earned.bonusPoints > 0 {
                ledger.append(LedgerEntry(.inactivityBonus, .points, earned.bonusPoints, reason: "welcome back", reference: basket.saleId))
            }
            if program.mode == .pointsThreshold { try convertReachedTargets() }
        case .stamps:
            wallet.account.stamps += earned.stamps
            if earned.stamps > 0 { ledger.append(LedgerEntry(.stampsEarned, .stamps, earned.stamps, reason: reason, reference: basket.saleId)) }
        case .cashback:
            wallet.account.cashback = wallet.account.cashback + earned.cashback
            if earned.cashback > .zero {
                ledger.append(LedgerEntry(.cashbackEarned, .cents, earned.cashback.value, reason: reason, reference: basket.saleId))
            }
        case .percentage, .itemPoints:
            if earned.voucherValue >= program.vouchers.minimumValue {
                try createVoucher(worth: earned.voucherValue)
            } else {
                earned.voucherValue = .zero
            }
        }
        if cashbackCredited > .zero { wallet.account.cashback = wallet.account.cashback + cashbackCredited }
    }

    /// `pointsThreshold`: each full target in the balance becomes a voucher of target × factor €.
    mutating func convertReachedTargets() throws(LoyaltyEngine.Failure) {
        guard program.target > 0 else { return }
        let value = Cents(rounding: Decimal(program.target) * program.conversionFactor * 100)
        while wallet.account.balance >= program.target {
            wallet.spend(program.target)
            let voucher = try createVoucher(worth: value)
            earned.voucherValue = earned.voucherValue + value
            ledger.append(LedgerEntry(.pointsConverted, .points, -program.target, reason: "target \(program.target) reached", reference: voucher.code.digits))
        }
    }

    @discardableResult
    mutating func createVoucher(worth value: Cents) throws(LoyaltyEngine.Failure) -> Voucher {
        let voucher: Voucher
        do { voucher = try issuer.issue(value: value, at: now, saleId: basket.saleId, serials: &serials) } catch { throw failure(error) }
        wallet.account.vouchers.append(voucher)
        vouchersCreated.append(voucher)
        ledger.append(LedgerEntry(.voucherCreated, .cents, value.value, reason: saleReference, reference: voucher.code.digits))
        return voucher
    }
}
