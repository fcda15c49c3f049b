import Foundation
import StrictJSON

/// The `backend` section of `kioskd.json`: where the store backend is, how to authenticate,
/// how long to wait, how to drain the outbox and what to do with vouchers offline.
///
/// ```json
/// "backend": {
///   "url": "https://backend.example.be/kiosk",
///   "tokenFile": "/etc/kioskd/backend-token",
///   "requestTimeoutMs": 10000, "accountTimeoutMs": 800, "voucherTimeoutMs": 2000,
///   "offlineVouchers": { "policy": "allowUpTo", "maxCents": 500 },
///   "outbox": { "batchSize": 50, "concurrency": 4, "retryInitialMs": 1000, "retryMaxMs": 300000, "retryJitter": 0.2 }
/// }
/// ```
public struct BackendConfiguration: Sendable, Equatable {
    /// Base URL; endpoints are appended (`{url}/v1/sales`). `https`, or `http` to a loopback
    /// host only (the bearer token never travels in clear over a network).
    public var url: URL
    /// File holding the bearer token; when nil, `$CREDENTIALS_DIRECTORY/backend-token`.
    public var tokenFile: String?
    /// Timeout of a sale delivery (`POST /v1/sales`), in milliseconds.
    public var requestTimeoutMilliseconds: Int
    /// Timeout of the account lookup at identification: short, the customer is waiting.
    public var accountTimeoutMilliseconds: Int
    /// Timeout of the online voucher check.
    public var voucherTimeoutMilliseconds: Int
    /// What to do with a voucher when the backend cannot be asked.
    public var offlineVouchers: OfflineVoucherPolicy
    /// Sales taken from the outbox per batch (one SQLite transaction records a batch's outcomes).
    public var batchSize: Int
    /// Deliveries in flight at once.
    public var concurrency: Int
    /// Back-off between failed attempts.
    public var retry: RetrySchedule

    /// Limits of the decoder (named so that `kioskctl doctor` and the docs can quote them).
    public enum Limits {
        public static let batchSize = 1...500
        public static let concurrency = 1...32
        public static let timeoutMilliseconds = 100...120_000
    }

    public init(
        url: URL, tokenFile: String? = nil, requestTimeoutMilliseconds: Int = 10_000, accountTimeoutMilliseconds: Int = 800,
        voucherTimeoutMilliseconds: Int = 2_000, offlineVouchers: OfflineVoucherPolicy = .refuse, batchSize: Int = 50,
        concurrency: Int = 4, retry: RetrySchedule = .standard
    ) {
        self.url = url
        self.tokenFile = tokenFile
        self.requestTimeoutMilliseconds = requestTimeoutMilliseconds
        self.accountTimeoutMilliseconds = accountTimeoutMilliseconds
        self.voucherTimeoutMilliseconds = voucherTimeoutMilliseconds
        self.offlineVouchers = offlineVouchers
        self.batchSize = batchSize
        self.concurrency = concurrency
        self.retry = retry
    }

    static let keys = ["url", "tokenFile", "requestTimeoutMs", "accountTimeoutMs", "voucherTimeoutMs", "offlineVouchers", "outbox"]
    static let outboxKeys = ["batchSize", "concurrency", "retryInitialMs", "retryMaxMs", "retryJitter"]

    /// Decodes the `backend` section strictly: unknown keys, wrong types and out-of-range
    /// values fail with the key path (`backend.outbox.concurrency: expected an integer between 1 and 32, got 0`).
    /// - Throws: `JSONDecodeError`.
    public static func decode(_ cursor: JSONCursor) throws -> BackendConfiguration {
        let object = try cursor.object(keys: keys)
        let urlCursor = try object.required("url")
        var config = BackendConfiguration(url: try backendURL(urlCursor))
        config.tokenFile = try object.optional("tokenFile").map { try $0.string(nonEmpty: true, maxLength: 4096) }
        func timeout(_ key: String, _ fallback: Int) throws -> Int {
            try object.optional(key)?.int(min: Limits.timeoutMilliseconds.lowerBound, max: Limits.timeoutMilliseconds.upperBound) ?? fallback
        }
        config.requestTimeoutMilliseconds = try timeout("requestTimeoutMs", config.requestTimeoutMilliseconds)
        config.accountTimeoutMilliseconds = try timeout("accountTimeoutMs", config.accountTimeoutMilliseconds)
        config.voucherTimeoutMilliseconds = try timeout("voucherTimeoutMs", config.voucherTimeoutMilliseconds)
        if let policy = object.optional("offlineVouchers") { config.offlineVouchers = try OfflineVoucherPolicy.decode(policy) }
        if let outbox = try object.optional("outbox")?.object(keys: outboxKeys) {
            config.batchSize = try outbox.optional("batchSize")?.int(min: Limits.batchSize.lowerBound, max: Limits.batchSize.upperBound) ?? config.batchSize
            config.concurrency = try outbox.optional("concurrency")?.int(min: Limits.concurrency.lowerBound, max: Limits.concurrency.upperBound) ?? config.concurrency
            let initial = try outbox.optional("retryInitialMs")?.int(min: 10, max: 3_600_000) ?? config.retry.initialMilliseconds
            let maximumCursor = outbox.optional("retryMaxMs")
            let maximum = try maximumCursor?.int(min: 10, max: 86_400_000) ?? max(initial, config.retry.maximumMilliseconds)
            if let maximumCursor, maximum < initial {
                throw maximumCursor.failure("expected at least retryInitialMs (\(initial)), got \(maximum)")
            }
            let jitter = try outbox.optional("retryJitter")?.decimal(min: 0, max: 1) ?? Decimal(config.retry.jitter)
            config.retry = RetrySchedule(initialMilliseconds: initial, multiplier: 2, maximumMilliseconds: maximum,
                                         jitter: NSDecimalNumber(decimal: jitter).doubleValue)
        }
        return config
    }

    /// Parses and checks the backend URL: absolute, `https` (or `http` to a loopback host), no
    /// credentials, query or fragment.
    static func backendURL(_ cursor: JSONCursor) throws -> URL {
        let text = try cursor.string(nonEmpty: true, maxLength: 2048)
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty, let url = components.url
        else { throw cursor.mismatch("an absolute http(s) URL") }
        guard components.user == nil, components.password == nil, components.query == nil, components.fragment == nil else {
            throw cursor.failure("expected a URL without credentials, query or fragment (the token goes in backend.tokenFile)")
        }
        switch scheme {
        case "https": break
        case "http":
            guard ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased()) else {
                throw cursor.failure("expected https (plain http is allowed only to a loopback host: the bearer token must not travel in clear), got \"\(text)\"")
            }
        default:
            throw cursor.mismatch("an absolute http(s) URL")
        }
        return url
    }

    /// The URL of `segments` (e.g. `["v1", "accounts", credential]`) under the base URL,
    /// each segment percent-encoded (a `/` in a credential cannot escape its segment).
    func endpoint(_ segments: [String]) -> URL {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#%")
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        for segment in segments {
            text += "/" + (segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment)
        }
        return URL(string: text) ?? url
    }
}

/// What the kiosk does with a voucher when the backend cannot confirm it is unused.
///
/// Redeeming offline is a double-spend risk: a voucher redeemed offline here can be redeemed
/// again in another store (or on another kiosk) before this kiosk's sale reaches the backend.
/// `allowUpTo` bounds the loss per voucher; the backend learns of the redemption with the sale
/// and flags the second use. See docs/backend-relay.md.
public enum OfflineVoucherPolicy: Sendable, Equatable {
    /// Refuse any voucher the backend cannot confirm (no double spend; the customer keeps it).
    case refuse
    /// Accept a voucher known to this kiosk whose value is at most `maxCents`.
    case allowUpTo(maxCents: Int64)

    /// Decodes `{"policy": "refuse"}` or `{"policy": "allowUpTo", "maxCents": 500}`.
    static func decode(_ cursor: JSONCursor) throws -> OfflineVoucherPolicy {
        let object = try cursor.object(keys: ["policy", "maxCents"])
        switch try object.required("policy").oneOf(["refuse", "allowUpTo"]) {
        case "refuse":
            if let extra = object.optional("maxCents") { throw extra.failure("not allowed with policy \"refuse\"") }
            return .refuse
        default:
            return .allowUpTo(maxCents: Int64(try object.required("maxCents").int(min: 0, max: 1_000_000)))
        }
    }
}
