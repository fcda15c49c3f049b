import Foundation
import Loyalty

/// A whole receipt as the kiosk UI sends it: header, lines, totals, VAT breakdown, payments,
/// trailer. Amounts are integer cents; the kiosk prints what it is given and computes nothing
/// but the VAT rows' totals (base + VAT).
public struct ReceiptBody: Sendable, Equatable {
    /// A sold item.
    public struct Line: Sendable, Equatable {
        public var description: String
        public var quantity: Int
        public var unitPrice: Cents
        public var total: Cents
        public init(description: String, quantity: Int, unitPrice: Cents, total: Cents) {
            self.description = description
            self.quantity = quantity
            self.unitPrice = unitPrice
            self.total = total
        }
    }

    /// A total line (`Total`, `Discount`…), bold when emphasized.
    public struct Total: Sendable, Equatable {
        public var label: String
        public var amount: Cents
        public var emphasized: Bool
        public init(label: String, amount: Cents, emphasized: Bool = false) {
            self.label = label
            self.amount = amount
            self.emphasized = emphasized
        }
    }

    /// One row of the VAT breakdown.
    public struct VATLine: Sendable, Equatable {
        /// The rate in percent (`21`, `6`, `5.5`).
        public var rate: Decimal
        /// Taxable amount, VAT excluded.
        public var base: Cents
        public var vat: Cents
        /// `base + vat`.
        public var total: Cents { base + vat }
        public init(rate: Decimal, base: Cents, vat: Cents) {
            self.rate = rate
            self.base = base
            self.vat = vat
        }
    }

    /// A payment (`Bancontact`, `Voucher 555…`).
    public struct Payment: Sendable, Equatable {
        public var label: String
        public var amount: Cents
        public init(label: String, amount: Cents) {
            self.label = label
            self.amount = amount
        }
    }

    public var header: [String]
    public var lines: [Line]
    public var totals: [Total]
    public var vat: [VATLine]
    public var payments: [Payment]
    public var trailer: [String]

    public init(
        header: [String] = [], lines: [Line] = [], totals: [Total] = [], vat: [VATLine] = [], payments: [Payment] = [],
        trailer: [String] = []
    ) {
        self.header = header
        self.lines = lines
        self.totals = totals
        self.vat = vat
        self.payments = payments
        self.trailer = trailer
    }

    /// Most header or trailer lines.
    public static let maximumTextLines = 12
    /// Most item lines (a kiosk basket is far smaller).
    public static let maximumLines = 300
    /// Most totals, VAT rows or payments.
    public static let maximumRows = 20
    /// Longest text (characters) in any field.
    public static let maximumTextLength = 120
}
