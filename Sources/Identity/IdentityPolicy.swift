import StrictJSON

/// The `identity` section of `kioskd.json`: the double-scan rules and the EAN-13 prefixes.
///
/// Every value has a default, so an absent section means the documented defaults. The
/// decoder is strict: unknown keys and out-of-range values fail with the key path.
public struct IdentityPolicy: Sendable, Equatable {
    /// Default loyalty card prefix.
    public static let defaultLoyaltyPrefix = "299"
    /// Default voucher prefix.
    public static let defaultVoucherPrefix = "555"

    /// A barcode re-read within this many milliseconds of the first scan is not a second scan.
    public var rescanGuardMs: Int
    /// Mismatching second scans allowed before the identity is dropped for the order.
    public var maxMismatches: Int
    /// Seconds after checkout within which the second scan must come.
    public var confirmationTimeoutSeconds: Int
    /// Credentials of counter customers, who are never eligible for loyalty.
    public var counterCustomers: Set<Credential>
    /// Leading digits of loyalty card EAN-13s.
    public var loyaltyPrefix: String
    /// Leading digits of voucher EAN-13s.
    public var voucherPrefix: String

    /// A policy; the defaults are those of DESIGN.md.
    public init(
        rescanGuardMs: Int = 1500,
        maxMismatches: Int = 3,
        confirmationTimeoutSeconds: Int = 60,
        counterCustomers: Set<Credential> = [],
        loyaltyPrefix: String = IdentityPolicy.defaultLoyaltyPrefix,
        voucherPrefix: String = IdentityPolicy.defaultVoucherPrefix
    ) {
        self.rescanGuardMs = rescanGuardMs
        self.maxMismatches = maxMismatches
        self.confirmationTimeoutSeconds = confirmationTimeoutSeconds
        self.counterCustomers = counterCustomers
        self.loyaltyPrefix = loyaltyPrefix
        self.voucherPrefix = voucherPrefix
    }

    /// The keys the `identity` section may hold.
    public static let keys = [
        "rescanGuardMs", "maxMismatches", "confirmationTimeoutSeconds", "counterCustomers",
        "loyaltyPrefix", "voucherPrefix",
    ]

    /// Decodes the `identity` section strictly.
    ///
    /// `counterCustomers` entries are credentials written as `badge:04A1B2C3`,
    /// `card:2990000000019`, or bare (13 digits = a card, otherwise hex = a badge).
    /// Prefixes are 1 to 6 digits, must differ, and neither may start the other.
    /// - Throws: `JSONDecodeError` at the offending key path
    ///   (`identity.maxMismatches: expected an integer between 1 and 100, got 0`).
    public static func decode(_ cursor: JSONCursor) throws -> IdentityPolicy {
        let object = try cursor.object(keys: keys)
        var policy = IdentityPolicy()
        if let c = object.optional("rescanGuardMs") { policy.rescanGuardMs = try c.int(min: 0, max: 60_000) }
        if let c = object.optional("maxMismatches") { policy.maxMismatches = try c.int(min: 1, max: 100) }
        if let c = object.optional("confirmationTimeoutSeconds") { policy.confirmationTimeoutSeconds = try c.int(min: 1, max: 3600) }
        if let c = object.optional("counterCustomers") {
            var set = Set<Credential>()
            for element in try c.array(maxCount: 1000) { set.insert(try decodeCredential(element)) }
            policy.counterCustomers = set
        }
        if let c = object.optional("loyaltyPrefix") { policy.loyaltyPrefix = try decodePrefix(c) }
        if let c = object.optional("voucherPrefix") { policy.voucherPrefix = try decodePrefix(c) }
        if policy.loyaltyPrefix.hasPrefix(policy.voucherPrefix) || policy.voucherPrefix.hasPrefix(policy.loyaltyPrefix) {
            let at = object.optional("voucherPrefix") ?? object.optional("loyaltyPrefix") ?? cursor
            throw at.failure("loyaltyPrefix \"\(policy.loyaltyPrefix)\" and voucherPrefix \"\(policy.voucherPrefix)\" overlap: a code could be both")
        }
        return policy
    }

    private static func decodePrefix(_ cursor: JSONCursor) throws -> String {
        let text = try cursor.string()
        guard (1...6).contains(text.count), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw cursor.mismatch("1 to 6 digits")
        }
        return text
    }

    private static func decodeCredential(_ cursor: JSONCursor) throws -> Credential {
        let text = try cursor.string(nonEmpty: true, maxLength: 64)
        if let credential = Credential(key: text) { return credential }
        if text.count == 13, let code = try? EAN13(validating: text) { return .card(code) }
        if let uid = try? CardUID(hex: text) { return .badge(uid) }
        throw cursor.mismatch("a credential (\"badge:<hex UID>\", \"card:<EAN-13>\", a valid EAN-13 or a hex UID)")
    }
}
