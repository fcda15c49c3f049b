import Foundation
import Identity
import Loyalty
import Receipt
import Relay
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
        /// The kiosk part of voucher codes (`VoucherSerialBlock`), unique in the group.
        public var kioskNumber: Int
        public var timeZone: TimeZone
        public var storeLanguage: Language
        /// The loyalty program; nil when loyalty is off (sales are still recorded and relayed).
        public var program: LoyaltyProgram?
        /// The receipt printer's profile; nil when there is no printer (nothing is queued).
        public var printerProfile: PrinterProfile?

        public init(
            kioskId: String, storeId: String, timeZone: TimeZone, storeLanguage: Language, program: LoyaltyProgram?,
            printerProfile: PrinterProfile?, kioskNumber: Int? = nil
        ) {
            self.kioskId = kioskId
            self.storeId = storeId
            self.kioskNumber = kioskNumber ?? VoucherSerialBlock.defaultKioskNumber(kioskId: kioskId, storeId: storeId)
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
    private let redeemer: VoucherRedeemer?
    private let freshness: AccountFreshness?

    /// - Parameter redeemer: the backend's single-use voucher check; nil without a backend
    ///   (vouchers are then checked against this kiosk's store only, and relayed as offline).
    /// - Parameter freshness: what the identification lookups found; a sale whose customer's
    ///   lookup did not succeed is marked as computed from the cache.
    public init(
        configuration: Configuration, store: KioskStore, executor: BlockingExecutor, clock: KioskClock, redeemer: VoucherRedeemer? = nil,
        freshness: AccountFreshness? = nil
    ) {
        self.configuration = configuration
        self.store = store
        self.executor = executor
        self.clock = clock
        self.redeemer = redeemer
        self.freshness = freshness
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
        let credential: Credential?
        switch identity {
        case .confirmed(let confirmed): credential = confirmed
        case .anonymous(.notConfirmed(let c)), .anonymous(.timedOut(let c)), .anonymous(.tooManyMismatches(let c)): credential = c
        case .anonymous(.nobodyIdentified): credential = nil
        }
        let confirmed = identity.eligibleCredential != nil
        // 1. The outcome, over the account as this kiosk knows it. Without a voucher for the
        //    backend to redeem first, the commit follows in the same turn on the store's thread.
        let first: CloseStep = try await executor.run { [self] in
            if let existing = try store.sale(id: saleId) {
                return .closed(ClosedSale(answer: Self.decodeAnswer(existing.answer), footer: [], printJobIds: [], wasAlreadyCommitted: true))
            }
            var (outcome, account) = try quote(request.basket, saleId: saleId, credential: credential, confirmed: confirmed, redemptions: redemptions, now: now)
            if let created = outcome?.vouchersCreated.count, created > 0 {
                let serials = try store.reserveVoucherSerials(count: created)
                (outcome, account) = try quote(
                    request.basket, saleId: saleId, credential: credential, confirmed: confirmed, redemptions: redemptions,
                    now: now, firstSerial: try firstVoucherSerial(reserved: serials))
            }
            if redeemer != nil, let outcome, !outcome.vouchersRedeemed.isEmpty { return .quoted(outcome, account) }
            return .closed(try commit(
                orderId: orderId, saleId: saleId, identity: identity, credential: credential, request: request,
                outcome: outcome, account: account, offline: [:], now: now))
        }
        guard case .quoted(let outcome, let account) = first else {
            guard case .closed(let closed) = first else { preconditionFailure("a close step is quoted or closed") }
            return closed
        }
        // 2. Vouchers are single use across stores: the backend redeems them before the commit,
        //    each under a durable hold, so that one the sale does not keep is released.
        var offline: [String: Bool] = [:]
        if let redeemer {
            for voucher in outcome.vouchersRedeemed {
                let key = VoucherRedeemer.idempotencyKey(saleId: saleId, code: voucher.code)
                try await executor.run { [store] in try store.voucherHolds.hold(code: voucher.code, saleId: saleId, idempotencyKey: key) }
                let decision = await redeemer.redeem(
                    code: voucher.code, saleId: saleId, storeId: configuration.storeId, kioskId: configuration.kioskId,
                    accountId: account?.id, knownValueCents: Int64(voucher.value.value))
                switch decision {
                case .redeemed: offline[voucher.code] = false
                case .redeemedOffline: offline[voucher.code] = true
                case .refused(let refusal):
                    // A definite refusal redeemed nothing; an unanswered request may have: keep
                    // its hold, released if the order never closes with it.
                    if refusal.backendAnswered {
                        try await executor.run { [store] in try store.voucherHolds.drop(idempotencyKey: key) }
                    }
                    throw SaleError.voucherRefused(code: voucher.code, reason: "\(refusal)")
                }
            }
        }
        // 3. One transaction: sale, ledger, vouchers, outbox row, print jobs.
        return try await executor.run { [self, offline] in
            try commit(
                orderId: orderId, saleId: saleId, identity: identity, credential: credential, request: request,
                outcome: outcome, account: account, offline: offline, now: now)
        }
    }

    /// Where a close stands after its first turn on the store's thread.
    private enum CloseStep: Sendable {
        /// Quoted; the backend must redeem its vouchers before the commit.
        case quoted(SaleOutcome, LoyaltyAccount?)
        /// Committed now, or already committed by an earlier close.
        case closed(ClosedSale)
    }

    /// Builds the sale's record and commits it in one transaction (on the store's thread).
    /// A new sale answers with the document just built; a sale committed meanwhile under the
    /// same id answers with its stored first answer.
    private func commit(
        orderId: String, saleId: String, identity: DoubleScanConfirmation.SaleIdentity, credential: Credential?,
        request: CloseRequest, outcome: SaleOutcome?, account: LoyaltyAccount?, offline: [String: Bool], now: Date
    ) throws -> ClosedSale {
        let footer = outcome.map(footerLines) ?? []
        let (record, answer) = try saleRecord(
            orderId: orderId, saleId: saleId, identity: identity, credential: credential, request: request,
            outcome: outcome, account: account, footer: footer, offline: offline, now: now)
        let committed = try store.commitClosedSale(record)
        return ClosedSale(
            answer: committed.wasAlreadyCommitted ? Self.decodeAnswer(committed.sale.answer) : answer,
            footer: committed.wasAlreadyCommitted ? [] : footer,
            printJobIds: committed.printJobIds, wasAlreadyCommitted: committed.wasAlreadyCommitted)
    }

    /// The order of sale `saleId` ended without a sale (cancelled): every voucher redeemed at
    /// the backend for it is queued for release (durably; the relay sends the releases).
    /// - Returns: how many releases were queued.
    /// - Throws: `StorageError`.
    @discardableResult
    public func releaseVouchers(saleId: String) async throws -> Int {
        try await executor.run { [store] in
            if try store.sale(id: saleId) != nil { return 0 }
            return try store.voucherHolds.release(saleId: saleId)
        }
    }

    /// The first code serial of vouchers numbered `reserved` by this kiosk's counter: the
    /// counter's values placed in this kiosk's block of the code space.
    /// - Throws: `SaleError.voucherSerialsExhausted` when the block is used up (or the prefix
    ///   leaves no room for a kiosk number).
    func firstVoucherSerial(reserved: ClosedRange<Int64>) throws -> UInt64 {
        let prefix = configuration.program?.vouchers.prefix ?? ""
        guard let block = VoucherSerialBlock(kioskNumber: configuration.kioskNumber, prefix: prefix),
              let first = block.serial(local: UInt64(reserved.lowerBound)), block.serial(local: UInt64(reserved.upperBound)) != nil
        else {
            throw SaleError.voucherSerialsExhausted(kioskNumber: configuration.kioskNumber, prefix: prefix)
        }
        return first
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
            var outcome = try LoyaltyEngine(program: program).quote(basket: basket, account: account, context: context)
            if let credential, freshness?.isFromCache(credential.key) == true { outcome.footer?.accountFromCache = true }
            return (outcome, account)
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
        if let data = outcome.footer, !data.identityNotConfirmed {
            object["accountSource"] = .string(data.accountFromCache ? "cache" : "live")
        }
        return .object(object)
    }

    // MARK: the record

    private func saleRecord(
        orderId: String, saleId: String, identity: DoubleScanConfirmation.SaleIdentity, credential: Credential?,
        request: CloseRequest, outcome: SaleOutcome?, account: LoyaltyAccount?, footer: [String], offline: [String: Bool], now: Date
    ) throws -> (record: SaleRecord, answer: JSONValue) {
        let eligible = outcome?.eligibility == .eligible
        let accountId = eligible ? account?.id : nil
        let closedAt = OrderSnapshot.iso8601(now)
        let identityJSON = Self.identityJSON(identity)
        let loyalty = outcome.map { loyaltyJSON($0, footer: footer) } ?? .null

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
                // Not checked with a backend (none configured, or its offline policy): offline.
                VoucherRedemptionRecord(code: $0.code, accountId: accountId, valueCents: Int64($0.value.value), offline: offline[$0.code] ?? true)
            }
        }
        let gross = request.basket.lines.reduce(0) { $0 + Int64($1.total.value) }
        let payload = Self.relayDocument(
            saleId: saleId, orderId: orderId, configuration: configuration, closedAt: closedAt, totalCents: gross,
            identity: identity, accountId: accountId, request: request, ledger: ledger, created: created, redeemed: redeemed,
            loyalty: loyalty)
        let record = SaleRecord(
            saleId: saleId, kioskId: configuration.kioskId, storeId: configuration.storeId, closedAt: now, accountId: accountId,
            totalCents: gross, payload: Array(JSONWriter.string(payload).utf8), answer: Array(JSONWriter.string(answer).utf8),
            ledger: ledger, vouchersCreated: created, voucherRedemptions: redeemed, printJobs: printJobs)
        return (record, answer)
    }

    /// The sale as the backend receives it (`POST /v1/sales`, `Sale` in docs/backend-api.yaml),
    /// with the kiosk's own details (`orderId`, `identity`, `loyalty`) as extra members.
    static func relayDocument(
        saleId: String, orderId: String, configuration: Configuration, closedAt: String, totalCents: Int64,
        identity: DoubleScanConfirmation.SaleIdentity, accountId: String?, request: CloseRequest,
        ledger: [LedgerEntryRecord], created: [VoucherRecord], redeemed: [VoucherRedemptionRecord], loyalty: JSONValue
    ) -> JSONValue {
        func number<T: BinaryInteger>(_ value: T) -> JSONValue { .number(String(value)) }
        var document = JSONObject([
            ("saleId", .string(saleId)), ("kioskId", .string(configuration.kioskId)), ("storeId", .string(configuration.storeId)),
            ("closedAt", .string(closedAt)), ("currency", "EUR"), ("totalCents", number(totalCents)),
        ])
        if let accountId { document["accountId"] = .string(accountId) }
        if let credential = identity.eligibleCredential { document["credential"] = .string(credential.key) }
        document["confirmed"] = .bool(identity.eligibleCredential != nil)
        document["lines"] = .array(request.basket.lines.map { line in
            var object = JSONObject([
                ("sku", .string(line.sku)), ("quantity", number(line.quantity)), ("unitPriceCents", number(line.unitPrice.value)),
                ("totalCents", number(line.total.value)), ("vatRate", .string("\(line.vatRate)")),
            ])
            if let family = line.family { object["family"] = .string(family) }
            if let name = line.name { object["name"] = .string(name) }
            if line.discount.value > 0 { object["discountCents"] = number(line.discount.value) }
            return .object(object)
        })
        document["payments"] = .array(request.payments.map(\.json))
        document["ledger"] = .array(ledger.map { entry in
            var object = JSONObject([("kind", .string(entry.kind.rawValue)), ("reason", .string(entry.reason)), ("amount", number(entry.amount))])
            if let reference = entry.reference { object["reference"] = .string(reference) }
            return .object(object)
        })
        document["vouchersCreated"] = .array(created.map { voucher in
            var object = JSONObject([
                ("code", .string(voucher.code)), ("accountId", .string(voucher.accountId)), ("valueCents", number(voucher.valueCents)),
                ("status", "active"), ("activeFrom", .string(OrderSnapshot.iso8601(voucher.activeFrom))),
            ])
            object["expiresAt"] = voucher.expiresAt.map { .string(OrderSnapshot.iso8601($0)) } ?? .null
            return .object(object)
        })
        document["vouchersRedeemed"] = .array(redeemed.map {
            ["code": .string($0.code), "valueCents": number($0.valueCents), "offline": .bool($0.offline)]
        })
        document["orderId"] = .string(orderId)
        document["identity"] = identityJSON(identity)
        document["loyalty"] = loyalty
        return .object(document)
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
        return LedgerEntryRecord(
            accountId: accountId, kind: kind, reason: LedgerReason.reason(for: entry.kind), amount: Int64(entry.amount),
            reference: entry.reference)
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
    /// The backend (or the offline policy) refused a voucher; the sale was not closed.
    case voucherRefused(code: String, reason: String)
    /// This kiosk's block of voucher codes is used up: a new voucher prefix gives a fresh one.
    case voucherSerialsExhausted(kioskNumber: Int, prefix: String)

    public var description: String {
        switch self {
        case .loyalty(let message): return "loyalty: \(message)"
        case .voucherRefused(let code, let reason): return "voucher \(code) refused: \(reason)"
        case .voucherSerialsExhausted(let number, let prefix):
            return "the voucher codes of kiosk number \(number) with prefix \(prefix) are used up (configure a new loyalty.vouchers.prefix)"
        }
    }
}
