import Testing
@testable import Identity

@Suite("EAN13")
struct EAN13Tests {
    @Test("check digit vectors", arguments: [
        ("299000000001", "2990000000019"),
        ("299123456789", "2991234567897"),
        ("555000000042", "5550000000425"),
        ("400638133393", "4006381333931"),
    ])
    func checkDigit(twelve: String, full: String) {
        #expect(EAN13(completing: twelve)?.digits == full, "\(twelve) completes to \(full)")
        #expect((try? EAN13(validating: full)) != nil, "\(full) validates")
    }

    @Test("invalid codes are refused with the reason")
    func invalid() {
        #expect(throws: EAN13.Problem.badCheckDigit(expected: 9, found: 8)) { try EAN13(validating: "2990000000018") }
        #expect(throws: EAN13.Problem.wrongLength(12)) { try EAN13(validating: "299000000001") }
        #expect(throws: EAN13.Problem.notDigits) { try EAN13(validating: "29900000000a9") }
        #expect(throws: EAN13.Problem.notDigits) { try EAN13(validating: "à990000000019") }
    }

    @Test("prefix and serial compose a code")
    func prefixSerial() {
        #expect(EAN13(prefix: "299", serial: 1)?.digits == "2990000000019")
        #expect(EAN13(prefix: "299", serial: 1_000_000_000) == nil, "a serial wider than nine digits does not fit")
    }
}
