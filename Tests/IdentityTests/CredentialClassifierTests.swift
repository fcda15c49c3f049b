import Testing
@testable import Identity

@Suite("CredentialClassifier")
struct CredentialClassifierTests {
    let classifier = CredentialClassifier()

    @Test("a valid EAN-13 with the loyalty prefix is a card")
    func loyaltyCard() throws {
        #expect(classifier.classify("2990000000019") == .credential(.card(try EAN13(validating: "2990000000019"))))
    }

    @Test("a valid EAN-13 with the voucher prefix is a voucher, not an identity")
    func voucher() throws {
        #expect(classifier.classify("5550000000425") == .voucher(try EAN13(validating: "5550000000425")))
    }

    @Test("a bad check digit is invalid with the reason, whatever the prefix", arguments: [
        ("2990000000018", 9, 8), ("5550000000420", 5, 0), ("4006381333932", 1, 2),
    ])
    func badCheckDigit(text: String, expected: Int, found: Int) {
        let result = classifier.classify(text)
        #expect(result == .invalid(text: text, reason: .badCheckDigit(expected: expected, found: found)))
        #expect(!result.isValid)
    }

    @Test("codes with a configured prefix that are not EAN-13 are invalid", arguments: ["299000000001", "29900000000190", "299ABC"])
    func prefixedMalformed(text: String) {
        guard case .invalid(_, .malformed) = classifier.classify(text) else {
            Issue.record("\(text) should be invalid (malformed)")
            return
        }
    }

    @Test("other valid codes are unrecognised, not identities", arguments: ["4006381333931", "https://example.org/x", "ABC-123", "àà&\"è'!ç&&"])
    func unrecognised(text: String) {
        let result = classifier.classify(text)
        #expect(result == .unrecognised(text))
        #expect(result.isValid)
    }

    @Test("routing follows the configured prefixes only")
    func configuredPrefixes() throws {
        let custom = CredentialClassifier(policy: IdentityPolicy(loyaltyPrefix: "400", voucherPrefix: "21"))
        #expect(custom.classify("4006381333931") == .credential(.card(try EAN13(validating: "4006381333931"))))
        #expect(custom.classify("2990000000019") == .unrecognised("2990000000019"), "299 is not a prefix here")
        let voucher = EAN13(prefix: "21", serial: 7)!
        #expect(custom.classify(voucher.digits) == .voucher(voucher))
    }

    @Test("empty scans and undecodable keys are invalid")
    func emptyAndUndecodable() {
        #expect(classifier.classify("") == .invalid(text: "", reason: .empty))
        #expect(classifier.classify("29900\u{FFFD}0000019") == .invalid(text: "29900\u{FFFD}0000019", reason: .undecodableKeys))
    }
}
