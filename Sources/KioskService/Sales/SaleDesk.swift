import Foundation
import Identity
import Loyalty
import Receipt
import Storage
import StrictJSON

/// Quotes and closes sales: the loyalty engine over the customer's account, then one durable
/// commit of the sale, its ledger, its vouchers, its outbox row and its print jobs.
///
/// Guarantees: every store access runs on the store's `BlockingExecutor` (one at a time, off
/// the cooperative pool); `close` returns only after the commit is synced; closing the same
/// sale id again writes nothing and returns the first answer; a sale without a confirmed
/// identity earns and redeems nothing (the engine's rule, fed with the confirmation result).
public final class SaleDesk: Sendable {
    /// What the desk needs to know about the kiosk.
    public struct Configuration: Sendable {
        public var kioskId: String
        public var storeId: String
        public var timeZone: TimeZone
        public var storeLanguage: Language
        /// The loyalty program; nil when loyalty is off (sales are still recorded and relayed).
        public var program: LoyaltyProgram?
        /// The receipt printer's profile; nil when there is no printer (nothing is queued).
        public var printerProfile: PrinterProfile?

        public init(
            kioskId: String, storeId: String, timeZone: TimeZone, storeLanguage: Language, program: LoyaltyProgram?,
            printerProfile: PrinterProfile?
        ) {
            self.kioskId = kioskId
            self.storeId = storeId
            self.timeZone = timeZone
            self.storeLanguage = storeLanguage
            self.program = program
            self.printerProfile = printerProfile
        }
    }

    /// A committed close.
    public struct ClosedSale: Sendable {
        /// The API's answer (the same bytes on a repeated close).
        public let answer: JSONValue
        /// The footer's lines as printed (empty for an anonymous sale).
        public let footer: [String]
        /// The print jobs queued with the sale.
        public let printJobIds: [Int64]
        /// True when the sale had already been committed by an earlier close.
        public let wasAlreadyCommitted: Bool
    }

    public let configuration: Configuration
    private let store: KioskStore
    private let executor: BlockingExecutor
    private let clock: KioskClock

    public init(configuration: Configuration, store: KioskStore, executor: BlockingExecutor, clock: KioskClock) {
        self.configuration = configuration
        self.store = store
        self.executor = executor
        self.clock = clock
    }

    /// The checkout preview: what the sale would earn and redeem once the identity is
    /// confirmed (or, for an anonymous order, that it earns nothing).
    /// - Throws: `SaleError`.
    public func preview(
        saleId: String, credential: Credential?, request: CloseRequest, redemptions: OrderRedemptions
    ) async throws -> JSONValue {
        let now = clock.now()
        let (outcome, _) = try await executor.run { [self] in
            try quote(request.basket, saleId: saleId, credential: credential, confirmed: credential != nil, redemptions: redemptions, now: now)
        }
        var object = JSONObject([("saleId", .string(saleId)), ("ifConfirmed", .bool(credential != nil))])
        object["loyalty"] = outcome.map { loyaltyJSON($0, footer: footerLines($0)) } ?? .null
        return .object(object)
    }

    /// Closes the sale durably.
    /// - Throws: `SaleError` (nothing is written then).
    public func close(
        orderId: String, saleId: String, identity: DoubleScanConfirmation.SaleIdentity, request: CloseRequest,
        redemptions: OrderRedemptions
    ) async throws -> ClosedSale {
        let now = clock.now()
        return try await executor.run { [self] in
            if let existing = try store.sale(id: saleId) {
                return ClosedSale(answer: Self.decodeAnswer(existing.answer), footer: [], printJobIds: [], wasAlreadyCommitted: true)
            }
            let credential: Credential?
            switch identity {
            case .confirmed(let confirmed): credential = confirmed
            case .anonymous(.notConfirmed(let c)), .anonymous(.timedOut(let c)), .anonymous(.tooManyMismatches(let c)): credential = c
            case .anonymous(.nobodyIdentified): credential = nil
            }
            let confirmed = identity.eligibleCredential != nil
            var (outcome, account) = try quote(request.basket, saleId: saleId, credential: credential, confirmed: confirmed, redemptions: redemptions, now: now)
            if let created = outcome?.vouchersCreated.count, created > 0 {
                let serials = try store.reserveVoucherSerials(count: created)
                (outcome, account) = try quote(
                    request.basket, saleId: saleId, credential: credential, confirmed: confirmed, redemptions: redemptions,
                    now: now, firstSerial: UInt64(serials.lowerBound))
            }
            let footer = outcome.map(footerLines) ?? []
            let record = try saleRecord(
                orderId: orderId, saleId: saleId, identity: identity, credential: credential, request: request,
                outcome: outcome, account: account, footer: footer, now: now)
            let committed = try store.commitClosedSale(record)
            return ClosedSale(
                answer: Self.decodeAnswer(committed.sale.answer), footer: committed.wasAlreadyCommitted ? [] : footer,
                printJobIds: committed.printJobIds, wasAlreadyCommitted: committed.wasAlreadyCommitted)
        }
    }

    // MARK: quoting

    private func quote(
        _ basket: Basket, saleId: String, credential: Credential?, confirmed: Bool, redemptions: OrderRedemptions, now: Date,
        firstSerial: UInt64 = 1
    ) throws -> (SaleOutcome?, LoyaltyAccount?) {
        guard let program = configuration.program else { return (nil, nil) }
        var basket = basket
        basket.saleId = saleId
        basket.redemptions.vouchers += redemptions.vouchers.filter { !basket.redemptions.vouchers.contains($0) }
        basket.redemptions.rewards += redemptions.rewards.filter { !basket.redemptions.rewards.contains($0) }
        let account = try credential.map { try AccountResolver(store: store).account(for: $0) }
        let context = SaleContext(
            now: now, timeZone: configuration.timeZone, identityConfirmed: confirmed,
            voucherSerials: VoucherSerialCounter(next: firstSerial), storeLanguage: configuration.storeLanguage)
        do {
            return (try LoyaltyEngine(program: program).quote(basket: basket, account: account, context: context), account)
        } catch {
            throw SaleError.loyalty("\(error)")
        }
    }

    private func footerLines(_ outcome: SaleOutcome) -> [String] {
        guard let data = outcome.footer else { return [] }
        return LoyaltyFooter(data).texts
    }

    private func loyaltyJSON(_ outcome: SaleOutcome, footer: [String]) -> JSONValue {
        guard case .object(var object) = outcome.json else { return outcome.json }
        object["footer"] = .array(footer.map(JSONValue.string))
        return .object(object)
    }

    // MARK: the record

    private func saleRecord(
        orderId: String, saleId: String, identity: DoubleScanConfirmation.SaleIdentity, credential: Credential?,
        request: CloseRequest, outcome: SaleOutcome?, account: LoyaltyAccount?, footer: [String], now: Date
    ) throws -> SaleRecord {
        let eligible = outcome?.eligibility == .eligible
        let accountId = eligible ? account?.id : nil
        let closedAt = OrderSnapshot.iso8601(now)
        let identityJSON = Self.identityJSON(identity)
        let loyalty = outcome.map { loyaltyJSON($0, footer: footer) } ?? .null

        var payload = JSONObject([
            ("saleId", .string(saleId)), ("orderId", .string(orderId)), ("kioskId", .string(configuration.kioskId)),
            ("storeId", .string(configuration.storeId)), ("closedAt", .string(closedAt)), ("identity", identityJSON),
        ])
        if let accountId { payload["accountId"] = .string(accountId) }
        payload["basket"] = request.basketJSON
        payload["payments"] = .array(request.payments.map(\.json))
        payload["loyalty"] = loyalty

        var printJobs: [PrintJobRequest] = []
        if let profile = configuration.printerProfile, let outcome {
            let encoder = EscPosJobEncoder(profile: profile)
            if !footer.isEmpty { printJobs.append(PrintJobRequest(kind: .footer, bytes: encoder.encode(FooterBlock.elements(footer)))) }
            let language = outcome.footer?.language ?? configuration.storeLanguage
            for voucher in outcome.vouchersCreated where voucher.delivery == .print {
                let slip = VoucherSlip.elements(voucher, language: language, timeZone: configuration.timeZone)
                printJobs.append(PrintJobRequest(kind: .voucher, bytes: encoder.encode(slip)))
            }
        }

        let answer: JSONValue = .object(JSONObject([
            ("orderId", .string(orderId)), ("saleId", .string(saleId)), ("state", "closed"), ("closedAt", .string(closedAt)),
            ("identity", identityJSON), ("loyalty", loyalty),
            ("print", .array(printJobs.map { .string($0.kind.rawValue) })),
        ]))

        var ledger: [LedgerEntryRecord] = []
        var created: [VoucherRecord] = []
        var redeemed: [VoucherRedemptionRecord] = []
        if let outcome, let accountId {
            ledger = outcome.ledger.compactMap { Self.ledgerRecord($0, accountId: accountId) }
            created = outcome.vouchersCreated.map { voucher in
                VoucherRecord(
                    code: voucher.code.digits, accountId: accountId, valueCents: Int64(voucher.value.value), createdAt: voucher.createdAt,
                    activeFrom: voucher.activeFrom, expiresAt: voucher.expiresAt, delivery: voucher.delivery.rawValue,
                    createdBySaleId: saleId)
            }
            redeemed = outcome.vouchersRedeemed.map {
                VoucherRedemptionRecord(code: $0.code, accountId: accountId, valueCents: Int64($0.value.value), offline: true)
            }
        }
        let gross = request.basket.lines.reduce(0) { $0 + Int64($1.total.value) }
        return SaleRecord(
            saleId: saleId, kioskId: configuration.kioskId, storeId: configuration.storeId, closedAt: now, accountId: accountId,
            totalCents: gross, payload: Array(JSONWriter.string(.object(payload)).utf8), answer: Array(JSONWriter.string(answer).utf8),
            ledger: ledger, vouchersCreated: created, voucherRedemptions: redeemed, printJobs: printJobs)
    }

    /// An engine ledger entry as a store record; nil for entries that move nothing (shortfalls).
    static func ledgerRecord(_ entry: Loyalty.LedgerEntry, accountId: String) -> LedgerEntryRecord? {
        let kind: LedgerEntryRecord.Kind
        switch entry.kind {
        case .reversalShortfall: return nil
        case .pointsEarned, .inactivityBonus, .pointsRedeemed, .pointsConverted, .pointsExpired, .pointsReversed: kind = .points
        case .stampsEarned, .stampsRedeemed, .stampsReversed: kind = .stamps
        case .cashbackEarned, .cashbackCredited, .cashbackSpent, .cashbackReversed: kind = .cashback
        case .voucherCreated, .voucherRedeemed, .voucherRemainderKept, .voucherRemainderForfeited, .voucherVoided: kind = .voucher
        }
        return LedgerEntryRecord(accountId: accountId, kind: kind, reason: entry.kind.rawValue, amount: Int64(entry.amount), reference: entry.reference)
    }

    static func identityJSON(_ identity: DoubleScanConfirmation.SaleIdentity) -> JSONValue {
        switch identity {
        case .confirmed(let credential):
            return ["confirmed": true, "credential": credential.json]
        case .anonymous(let reason):
            let text: String
            switch reason {
            case .nobodyIdentified: text = "nobody-identified"
            case .notConfirmed: text = "not-confirmed"
            case .timedOut: text = "timeout"
            case .tooManyMismatches: text = "too-many-mismatches"
            }
            return ["confirmed": false, "reason": .string(text)]
        }
    }

    static func decodeAnswer(_ bytes: [UInt8]) -> JSONValue {
        (try? JSONParser.parse(bytes)) ?? .null
    }
}

/// Why a sale could not be quoted or closed.
public enum SaleError: Error, Sendable, CustomStringConvertible {
    /// The loyalty engine refused (e.g. voucher serials exhausted).
    case loyalty(String)

    public var description: String {
        switch self {
        case .loyalty(let message): return "loyalty: \(message)"
        }
    }
}
