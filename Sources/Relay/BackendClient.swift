import Foundation
import StrictJSON

/// The store backend's HTTP API (`docs/backend-api.yaml`), as the daemon uses it.
///
/// Over URLSession (FoundationNetworking on Linux): TLS with the system trust store, one
/// session with at most `configuration.concurrency` connections, `Authorization: Bearer`
/// from `BackendToken` on every request. Methods never throw: every outcome, including
/// transport failures, is a value the caller classifies.
public final class BackendClient: Sendable {
    public let configuration: BackendConfiguration
    /// The token sent as `Authorization: Bearer` (nil: no header, for a backend without auth).
    public let token: BackendToken?
    let http: BackendHTTP

    /// A client for `configuration`'s backend.
    public init(configuration: BackendConfiguration, token: BackendToken?) {
        self.configuration = configuration
        self.token = token
        http = BackendHTTP(token: token, maximumConnections: configuration.concurrency + 2)
    }

    /// `POST {url}/v1/sales` with `Idempotency-Key: saleId` and the stored payload.
    /// - Returns: the verdict for the outbox row (see `SaleDeliveryVerdict`).
    public func deliverSale(saleId: String, payload: [UInt8]) async -> SaleDeliveryVerdict {
        let exchange = await http.exchange("POST", configuration.endpoint(["v1", "sales"]), body: payload,
                                           headers: ["Idempotency-Key": saleId],
                                           timeoutMilliseconds: configuration.requestTimeoutMilliseconds)
        return SaleDeliveryVerdict.classify(exchange, saleId: saleId)
    }

    /// The answer to an account lookup.
    public enum AccountAnswer: Sendable, Equatable {
        /// The backend's account for the credential.
        case found(AccountDocument)
        /// The backend knows no account with this credential (404).
        case unknownCredential
        /// No usable answer (timeout, refused, 5xx, 401, garbage): the caller falls back to the cache.
        case unavailable(reason: String)
    }

    /// `GET {url}/v1/accounts/{credential}` with the short `accountTimeoutMilliseconds`.
    public func fetchAccount(credential: String) async -> AccountAnswer {
        let exchange = await http.exchange("GET", configuration.endpoint(["v1", "accounts", credential]), body: nil,
                                           headers: [:], timeoutMilliseconds: configuration.accountTimeoutMilliseconds)
        switch exchange {
        case .transportFailure(let reason):
            return .unavailable(reason: reason)
        case .answer(200, let body, _):
            do { return .found(try AccountDocument.parse(body)) } catch { return .unavailable(reason: "200 with an invalid account: \(error)") }
        case .answer(404, _, _):
            return .unknownCredential
        case .answer(let status, let body, _):
            return .unavailable(reason: "\(status) \(SaleDeliveryVerdict.errorSummary(body))")
        }
    }

    /// The answer to a voucher redemption.
    public enum VoucherAnswer: Sendable, Equatable {
        /// Redeemed now (or earlier with the same idempotency key); the backend's voucher document.
        case redeemed(valueCents: Int64?, document: [UInt8])
        /// Already redeemed with another key (409).
        case alreadyRedeemed
        /// No such voucher (404).
        case unknownVoucher
        /// Refused for another reason (expired, not yet active, wrong store…): status and summary.
        case refused(httpStatus: Int, reason: String)
        /// No usable answer: the offline policy decides.
        case unavailable(reason: String)
    }

    /// `POST {url}/v1/vouchers/{code}/redeem` with `Idempotency-Key: idempotencyKey` and
    /// `{"saleId", "storeId", "kioskId", "accountId"}`, within `voucherTimeoutMilliseconds`.
    public func redeemVoucher(code: String, idempotencyKey: String, saleId: String, storeId: String, kioskId: String,
                              accountId: String?) async -> VoucherAnswer {
        var members: [(key: String, value: JSONValue)] = [("saleId", .string(saleId)), ("storeId", .string(storeId)), ("kioskId", .string(kioskId))]
        if let accountId { members.append(("accountId", .string(accountId))) }
        let body = Array(JSONWriter.string(.object(JSONObject(members))).utf8)
        let exchange = await http.exchange("POST", configuration.endpoint(["v1", "vouchers", code, "redeem"]), body: body,
                                           headers: ["Idempotency-Key": idempotencyKey],
                                           timeoutMilliseconds: configuration.voucherTimeoutMilliseconds)
        switch exchange {
        case .transportFailure(let reason):
            return .unavailable(reason: reason)
        case .answer(200..<300, let body, _):
            guard let root = try? JSONCursor.parse(body), case .object(let object) = root.value else {
                return .unavailable(reason: "redemption answer is not JSON")
            }
            let value: Int64? = if case .number(let text)? = object["valueCents"] { Int64(text) } else { nil }
            return .redeemed(valueCents: value, document: body)
        case .answer(409, _, _):
            return .alreadyRedeemed
        case .answer(404, _, _):
            return .unknownVoucher
        case .answer(let status, let body, _) where (400..<500).contains(status) && ![401, 403, 408, 429].contains(status):
            return .refused(httpStatus: status, reason: SaleDeliveryVerdict.errorSummary(body))
        case .answer(let status, let body, _):
            return .unavailable(reason: "\(status) \(SaleDeliveryVerdict.errorSummary(body))")
        }
    }

    /// The answer to a voucher release.
    public enum ReleaseAnswer: Sendable, Equatable {
        /// Released, or nothing to release under this key (never redeemed with it, unknown
        /// voucher): the release is done.
        case done(httpStatus: Int)
        /// Refused for good (a malformed request): nothing more can be done by retrying.
        case refused(httpStatus: Int, reason: String)
        /// No usable answer, or the token was refused: send it again later.
        case retry(reason: String)
    }

    /// `POST {url}/v1/vouchers/{code}/release` with `Idempotency-Key: idempotencyKey` (the key
    /// the redemption was made with) and `{"saleId"}`: undoes that redemption, if there was one.
    public func releaseVoucher(code: String, idempotencyKey: String, saleId: String) async -> ReleaseAnswer {
        let body = Array(JSONWriter.string(.object(JSONObject([("saleId", .string(saleId))]))).utf8)
        let exchange = await http.exchange("POST", configuration.endpoint(["v1", "vouchers", code, "release"]), body: body,
                                           headers: ["Idempotency-Key": idempotencyKey],
                                           timeoutMilliseconds: configuration.requestTimeoutMilliseconds)
        switch exchange {
        case .transportFailure(let reason):
            return .retry(reason: reason)
        case .answer(let status, _, _) where (200..<300).contains(status) || status == 404 || status == 409:
            return .done(httpStatus: status)
        case .answer(let status, let body, _) where (400..<500).contains(status) && ![401, 403, 408, 425, 429].contains(status):
            return .refused(httpStatus: status, reason: "\(status) \(SaleDeliveryVerdict.errorSummary(body))")
        case .answer(let status, let body, _):
            return .retry(reason: "\(status) \(SaleDeliveryVerdict.errorSummary(body))")
        }
    }

    /// Why nothing can be sent now (the token file is missing, empty or invalid), or nil.
    /// While it is set, requests are not sent: sales wait in the outbox, lookups and voucher
    /// checks answer `unavailable`.
    public var heldReason: String? {
        token?.unavailableReason.map { "no backend token: \($0)" }
    }

    /// Re-reads the token file (after a 401/403).
    /// - Returns: true when a different token is now in use.
    public func reloadToken() -> Bool {
        (try? token?.reload()) ?? false
    }
}
