import Foundation

/// The VAT of the loyalty discount line(s) of a ticket, per rate.
public struct VATShare: Sendable, Hashable {
    /// VAT rate in percent.
    public var rate: Decimal
    /// Part of the discount at this rate, incl. VAT.
    public var amount: Cents
    /// Taxable base the discount removes at this rate (`amount − vat`).
    public var base: Cents
    /// VAT the discount removes at this rate.
    public var vat: Cents

    public init(rate: Decimal, amount: Cents, base: Cents, vat: Cents) {
        self.rate = rate
        self.amount = amount
        self.base = base
        self.vat = vat
    }
}

/// Spreads a loyalty discount (vouchers, amount/percent-off rewards) over VAT rates.
///
/// Guarantees: the shares' amounts add up to the discount exactly (largest remainder), each
/// share's `base + vat == amount`, and with `prorata` no rate receives more than the ticket
/// holds at that rate.
public enum VoucherVATSplit {
    /// Splits `discount` according to `treatment`, given the ticket's totals incl. VAT per rate.
    public static func split(_ discount: Cents, treatment: VoucherVATTreatment, ticketByRate: [(rate: Decimal, total: Cents)]) -> [VATShare] {
        guard discount > .zero else { return [] }
        switch treatment {
        case .none:
            return [VATShare(rate: 0, amount: discount, base: discount, vat: .zero)]
        case .fixed(let rate):
            return [share(discount, rate: rate)]
        case .prorata:
            let ticket = ticketByRate.filter { $0.total > .zero }.sorted { $0.rate > $1.rate }
            let total = ticket.reduce(Cents.zero) { $0 + $1.total }
            guard total > .zero else { return [VATShare(rate: 0, amount: discount, base: discount, vat: .zero)] }
            let exact = ticket.map { discount.decimal * $0.total.decimal / total.decimal }
            var parts = exact.map { DecimalRounding.floor($0) }
            var left = discount.value - parts.reduce(0, +)
            let order = exact.indices.sorted { (exact[$0] - Decimal(parts[$0])) > (exact[$1] - Decimal(parts[$1])) }
            for index in order where left > 0 {
                parts[index] += 1
                left -= 1
            }
            return zip(ticket, parts).filter { $1 > 0 }.map { share(Cents($1), rate: $0.rate) }
        }
    }

    static func share(_ amount: Cents, rate: Decimal) -> VATShare {
        let base = Cents(rounding: amount.decimal * 100 / (100 + rate))
        return VATShare(rate: rate, amount: amount, base: base, vat: amount - base)
    }
}
