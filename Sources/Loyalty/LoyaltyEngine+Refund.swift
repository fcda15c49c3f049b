import Foundation

extension LoyaltyEngine {
    /// Reverses what returned lines earned, pro rata to the units returned.
    ///
    /// Guarantees: the reversal is `round(earned × share after) − round(earned × share before)`,
    /// so successive partial refunds add up to exactly what the sale earned; balances never go
    /// below zero (the shortfall is recorded in the ledger and never charged later); lifetime
    /// points go down by the points reversed (never below 0); an unused voucher the sale earned
    /// is voided (and re-issued for what is left), a used one is never charged twice.
    /// - Throws: `Failure.voucherSerialExhausted` when a re-issued voucher cannot get a code.
    public func refund(
        _ record: SaleEarningRecord, returning returned: [ReturnedLine], account: LoyaltyAccount, context: SaleContext
    ) throws(Failure) -> RefundOutcome {
        let calendar = StoreCalendar(timeZone: context.timeZone)
        var updated = record
        var accepted: [ReturnedLine] = []
        for request in returned {
            guard let position = updated.lines.firstIndex(where: { $0.index == request.line }) else { continue }
            let left = updated.lines[position].quantity - updated.lines[position].returned
            let quantity = min(max(0, request.quantity), left)
            guard quantity > 0 else { continue }
            updated.lines[position].returned += quantity
            accepted.append(ReturnedLine(line: request.line, quantity: quantity))
        }
        let before = record.returnedShare
        let after = updated.returnedShare
        func part(_ total: Int) -> Int {
            DecimalRounding.halfUp(Decimal(total) * after) - DecimalRounding.halfUp(Decimal(total) * before)
        }
        let reversed = Earned(
            points: part(record.points), stamps: part(record.stamps), cashback: Cents(part(record.cashback.value)),
            voucherValue: Cents(part(record.voucherValue.value))
        )
        var reversal = RefundReversal(
            program: program, record: record, calendar: calendar, now: context.now, wallet: PointsWallet(account: account),
            serials: context.voucherSerials
        )
        try reversal.reverse(reversed)
        let tierOf = { (account: LoyaltyAccount) in self.program.tiers.tier(forLifetimePoints: account.lifetimePoints) }
        return RefundOutcome(
            saleId: record.saleId, reversed: reversed, shortfall: reversal.shortfall, accepted: accepted, ledger: reversal.ledger,
            vouchersVoided: reversal.vouchersVoided, vouchersCreated: reversal.vouchersCreated, accountBefore: account,
            accountAfter: reversal.wallet.account, tierBefore: tierOf(account), tierAfter: tierOf(reversal.wallet.account),
            record: updated, voucherSerials: reversal.serials
        )
    }
}

/// The working state of one refund (internal).
struct RefundReversal {
    let program: LoyaltyProgram
    let record: SaleEarningRecord
    let calendar: StoreCalendar
    let now: Date
    var wallet: PointsWallet
    var serials: VoucherSerialCounter
    var shortfall = Earned()
    var ledger: [LedgerEntry] = []
    var vouchersVoided: [String] = []
    var vouchersCreated: [Voucher] = []

    init(program: LoyaltyProgram, record: SaleEarningRecord, calendar: StoreCalendar, now: Date, wallet: PointsWallet, serials: VoucherSerialCounter) {
        self.program = program
        self.record = record
        self.calendar = calendar
        self.now = now
        self.wallet = wallet
        self.serials = serials
    }

    var reason: String { "refund of sale \(record.saleId)" }

    mutating func reverse(_ reversed: Earned) throws(LoyaltyEngine.Failure) {
        if reversed.points > 0 { reversePoints(reversed.points) }
        if reversed.stamps > 0 {
            let taken = min(reversed.stamps, wallet.account.stamps)
            wallet.account.stamps -= taken
            note(.stampsReversed, .stamps, taken, owed: reversed.stamps)
            shortfall.stamps = reversed.stamps - taken
        }
        if reversed.cashback > .zero {
            let taken = min(reversed.cashback, wallet.account.cashback)
            wallet.account.cashback = wallet.account.cashback - taken
            note(.cashbackReversed, .cents, taken.value, owed: reversed.cashback.value)
            shortfall.cashback = reversed.cashback - taken
        }
        if reversed.voucherValue > .zero && record.mode != .pointsThreshold { try reverseVoucherValue(reversed.voucherValue) }
    }

    /// Appends the reversal entry and, when short, the shortfall entry.
    mutating func note(_ kind: LedgerEntry.Kind, _ unit: LedgerEntry.Unit, _ taken: Int, owed: Int) {
        if taken > 0 { ledger.append(LedgerEntry(kind, unit, -taken, reason: reason, reference: record.saleId)) }
        if owed > taken {
            ledger.append(LedgerEntry(.reversalShortfall, unit, owed - taken, reason: "\(reason): already spent, not charged", reference: record.saleId))
        }
    }

    mutating func reversePoints(_ points: Int) {
        var taken = wallet.takeBack(points)
        // pointsThreshold: points already turned into an unused voucher of this sale come back
        // by voiding that voucher.
        if program.mode == .pointsThreshold && record.mode == .pointsThreshold {
            while taken < points, let position = unusedVoucher() {
                let voucher = voidVoucher(at: position)
                wallet.add(program.target, earnedAt: now, expiresAt: nil, saleId: record.saleId)
                ledger.append(LedgerEntry(.pointsConverted, .points, program.target, reason: "voucher \(voucher.code) voided", reference: voucher.code.digits))
                taken += wallet.takeBack(points - taken)
            }
        }
        wallet.account.lifetimePoints = max(0, wallet.account.lifetimePoints - points)
        note(.pointsReversed, .points, taken, owed: points)
        shortfall.points = points - taken
    }

    mutating func reverseVoucherValue(_ value: Cents) throws(LoyaltyEngine.Failure) {
        guard let position = unusedVoucher() else {
            note(.voucherVoided, .cents, 0, owed: value.value)
            shortfall.voucherValue = value
            return
        }
        let voucher = voidVoucher(at: position)
        let left = voucher.value - value
        if left >= program.vouchers.minimumValue {
            let issuer = VoucherIssuer(policy: program.vouchers, calendar: calendar)
            let reissued: Voucher
            do {
                reissued = try issuer.replace(voucher, value: left, origin: .reissued, at: now, saleId: record.saleId, serials: &serials)
            } catch {
                switch error {
                case .serialExhausted(let prefix, let serial): throw .voucherSerialExhausted(prefix: prefix, serial: serial)
                }
            }
            wallet.account.vouchers.append(reissued)
            vouchersCreated.append(reissued)
            ledger.append(LedgerEntry(.voucherCreated, .cents, left.value, reason: "\(reason): re-issued \(voucher.code)", reference: reissued.code.digits))
        }
        if value > voucher.value {
            ledger.append(LedgerEntry(.reversalShortfall, .cents, (value - voucher.value).value, reason: "\(reason): already spent, not charged", reference: record.saleId))
            shortfall.voucherValue = value - voucher.value
        }
    }

    /// The newest unused voucher this sale created (earned or re-issued), if any.
    func unusedVoucher() -> Int? {
        wallet.account.vouchers.lastIndex { $0.saleId == record.saleId && $0.status == .issued && $0.origin != .remainder }
    }

    mutating func voidVoucher(at position: Int) -> Voucher {
        wallet.account.vouchers[position].status = .void
        let voucher = wallet.account.vouchers[position]
        vouchersVoided.append(voucher.code.digits)
        ledger.append(LedgerEntry(.voucherVoided, .cents, -voucher.value.value, reason: reason, reference: voucher.code.digits))
        return voucher
    }
}
