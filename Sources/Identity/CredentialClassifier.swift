/// What a scanned code is, decided by the configured EAN-13 prefixes only.
public enum ScanClassification: Sendable, Equatable, CustomStringConvertible {
    /// A loyalty card: a valid EAN-13 starting with the loyalty prefix.
    case credential(Credential)
    /// A loyalty voucher: a valid EAN-13 starting with the voucher prefix.
    case voucher(EAN13)
    /// A well-formed code that is neither (a product EAN-13, a QR text): not for loyalty.
    case unrecognised(String)
    /// A code that cannot be trusted; the `scan` event is marked invalid with the reason.
    case invalid(text: String, reason: InvalidScan)

    /// False only for `.invalid`.
    public var isValid: Bool {
        if case .invalid = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .credential(let credential): return "credential \(credential)"
        case .voucher(let code): return "voucher \(code)"
        case .unrecognised(let text): return "unrecognised code \"\(text)\""
        case .invalid(let text, let reason): return "invalid code \"\(text)\": \(reason)"
        }
    }
}

/// Why a scanned code is invalid.
public enum InvalidScan: Sendable, Equatable, CustomStringConvertible {
    /// Nothing was scanned (a terminator alone).
    case empty
    /// Thirteen digits whose check digit is wrong (a misread).
    case badCheckDigit(expected: Int, found: Int)
    /// Starts with a loyalty or voucher prefix but is not an EAN-13 (length or characters).
    case malformed(EAN13.Problem)
    /// The scanner sent keys its keymap cannot decode (shown as U+FFFD in the text).
    case undecodableKeys

    /// A short machine-readable code for events (`bad-check-digit`, …).
    public var code: String {
        switch self {
        case .empty: return "empty"
        case .badCheckDigit: return "bad-check-digit"
        case .malformed: return "malformed"
        case .undecodableKeys: return "undecodable-keys"
        }
    }

    public var description: String {
        switch self {
        case .empty: return "empty scan"
        case .badCheckDigit(let expected, let found): return "bad check digit \(found), expected \(expected)"
        case .malformed(let problem): return "not an EAN-13: \(problem)"
        case .undecodableKeys: return "keys the keymap cannot decode"
        }
    }
}

/// Sorts scanned text into loyalty cards, vouchers, other codes and invalid codes.
///
/// Routing uses the configured prefixes only: a valid EAN-13 with the loyalty prefix is a
/// card, one with the voucher prefix a voucher; any other valid code is `unrecognised`.
/// Thirteen digits with a wrong check digit are always invalid (a misread is never passed on),
/// and so is anything that starts with a configured prefix without being an EAN-13.
public struct CredentialClassifier: Sendable {
    /// Leading digits of loyalty card EAN-13s (default `299`).
    public let loyaltyPrefix: String
    /// Leading digits of voucher EAN-13s (default `555`).
    public let voucherPrefix: String

    /// A classifier for the given prefixes (validated by `IdentityPolicy`'s decoder).
    public init(loyaltyPrefix: String = IdentityPolicy.defaultLoyaltyPrefix, voucherPrefix: String = IdentityPolicy.defaultVoucherPrefix) {
        self.loyaltyPrefix = loyaltyPrefix
        self.voucherPrefix = voucherPrefix
    }

    /// The classifier for `policy`'s prefixes.
    public init(policy: IdentityPolicy) {
        self.init(loyaltyPrefix: policy.loyaltyPrefix, voucherPrefix: policy.voucherPrefix)
    }

    /// Classifies one scan's text (without its terminator).
    public func classify(_ text: String) -> ScanClassification {
        if text.isEmpty { return .invalid(text: text, reason: .empty) }
        if text.contains("\u{FFFD}") { return .invalid(text: text, reason: .undecodableKeys) }
        let allDigits = text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        let prefixed = text.hasPrefix(loyaltyPrefix) || text.hasPrefix(voucherPrefix)
        guard allDigits && text.utf8.count == 13 else {
            if prefixed {
                do throws(EAN13.Problem) { _ = try EAN13(validating: text) } catch { return .invalid(text: text, reason: .malformed(error)) }
            }
            return .unrecognised(text)
        }
        let code: EAN13
        do throws(EAN13.Problem) {
            code = try EAN13(validating: text)
        } catch {
            if case .badCheckDigit(let expected, let found) = error {
                return .invalid(text: text, reason: .badCheckDigit(expected: expected, found: found))
            }
            return .invalid(text: text, reason: .malformed(error))
        }
        if code.hasPrefix(loyaltyPrefix) { return .credential(.card(code)) }
        if code.hasPrefix(voucherPrefix) { return .voucher(code) }
        return .unrecognised(text)
    }
}
