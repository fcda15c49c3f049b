import Testing
import StrictJSON
@testable import Identity

@Suite("IdentityPolicy")
struct IdentityPolicyTests {
    func decode(_ json: String) throws -> IdentityPolicy {
        try IdentityPolicy.decode(try JSONCursor.parse(Array(json.utf8), path: JSONPath("identity")))
    }

    @Test("an empty section gives the documented defaults")
    func defaults() throws {
        let policy = try decode("{}")
        #expect(policy == IdentityPolicy())
        #expect(policy.rescanGuardMs == 1500 && policy.maxMismatches == 3 && policy.confirmationTimeoutSeconds == 60)
        #expect(policy.loyaltyPrefix == "299" && policy.voucherPrefix == "555" && policy.counterCustomers.isEmpty)
    }

    @Test("every key decodes")
    func full() throws {
        let policy = try decode("""
        {"rescanGuardMs": 800, "maxMismatches": 5, "confirmationTimeoutSeconds": 90,
         "counterCustomers": ["card:2990000000019", "badge:04a1b2c3", "2991234567897", "04FFEE11"],
         "loyaltyPrefix": "2990", "voucherPrefix": "21"}
        """)
        #expect(policy.rescanGuardMs == 800 && policy.maxMismatches == 5 && policy.confirmationTimeoutSeconds == 90)
        #expect(policy.loyaltyPrefix == "2990" && policy.voucherPrefix == "21")
        let expected: Set<Credential> = [
            .card(try EAN13(validating: "2990000000019")), .badge(try CardUID(hex: "04A1B2C3")),
            .card(try EAN13(validating: "2991234567897")), .badge(try CardUID(hex: "04FFEE11")),
        ]
        #expect(policy.counterCustomers == expected)
    }

    @Test("errors name the key path", arguments: [
        (#"{"maxMismatches": 0}"#, "identity.maxMismatches: expected an integer between 1 and 100, got 0"),
        (#"{"rescanGuardMs": "1500"}"#, #"identity.rescanGuardMs: expected an integer between 0 and 60000, got "1500""#),
        (#"{"confirmationTimeoutSeconds": 1.5}"#, "identity.confirmationTimeoutSeconds: expected an integer between 1 and 3600, got 1.5"),
        (#"{"loyaltyPrefix": "29a"}"#, #"identity.loyaltyPrefix: expected 1 to 6 digits, got "29a""#),
        (#"{"counterCustomers": ["card:2990000000018"]}"#, #"identity.counterCustomers[0]: expected a credential ("badge:<hex UID>", "card:<EAN-13>", a valid EAN-13 or a hex UID), got "card:2990000000018""#),
        (#"{"rescanGuard": 10}"#, "identity.rescanGuard: unknown key (known keys here: confirmationTimeoutSeconds, counterCustomers, loyaltyPrefix, maxMismatches, rescanGuardMs, voucherPrefix)"),
        (#"{"loyaltyPrefix": "55", "voucherPrefix": "555"}"#, #"identity.voucherPrefix: loyaltyPrefix "55" and voucherPrefix "555" overlap: a code could be both"#),
        (#"[]"#, "identity: expected an object, got an array"),
    ])
    func errors(json: String, message: String) {
        do {
            _ = try decode(json)
            Issue.record("\(json) should not decode")
        } catch let error as JSONDecodeError {
            #expect(error.description == message)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
