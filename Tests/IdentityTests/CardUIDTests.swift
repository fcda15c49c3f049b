import Testing
@testable import Identity

@Suite("CardUID")
struct CardUIDTests {
    @Test("hex in any case and with separators normalises to upper-case card order", arguments: [
        ("04a1b2c3", "04A1B2C3"),
        ("04:A1:B2:C3", "04A1B2C3"),
        ("04 a1 b2 c3", "04A1B2C3"),
        ("04-A1-B2-C3-D4-E5-F6", "04A1B2C3D4E5F6"),
    ])
    func hex(text: String, expected: String) throws {
        #expect(try CardUID(hex: text).hex == expected)
    }

    @Test("bytes from PC/SC print as upper-case hex")
    func bytes() throws {
        #expect(try CardUID(bytes: [0x04, 0xA1, 0xB2, 0xC3]).hex == "04A1B2C3")
        #expect(throws: CardUID.Problem.badLength(0)) { try CardUID(bytes: []) }
        #expect(throws: CardUID.Problem.badLength(17)) { try CardUID(bytes: [UInt8](repeating: 1, count: 17)) }
    }

    struct WedgeCase: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let format: CardUID.WedgeFormat
        let order: CardUID.ByteOrder
        let length: Int?
        let expected: String
        var testDescription: String { name }
    }

    @Test("wedge readers typing decimal or hex give the PC/SC identity", arguments: [
        WedgeCase(name: "decimal, lsb first, 10 digits", text: "3283263748", format: .decimal, order: .lsbFirst, length: nil, expected: "04A1B2C3"),
        WedgeCase(name: "decimal, msb first", text: "077705923", format: .decimal, order: .msbFirst, length: nil, expected: "04A1B2C3"),
        WedgeCase(name: "decimal zero-padded", text: "0077705923", format: .decimal, order: .msbFirst, length: nil, expected: "04A1B2C3"),
        WedgeCase(name: "hex reversed", text: "c3b2a104", format: .hex, order: .lsbFirst, length: nil, expected: "04A1B2C3"),
        WedgeCase(name: "hex as read", text: "04A1B2C3", format: .hex, order: .msbFirst, length: nil, expected: "04A1B2C3"),
        WedgeCase(name: "decimal, 7-byte UID", text: "1308366258473606", format: .decimal, order: .msbFirst, length: nil, expected: "04A5F3C2128A86"),
        WedgeCase(name: "decimal, leading zero byte with explicit length", text: "10597059", format: .decimal, order: .msbFirst, length: 4, expected: "00A1B2C3"),
        WedgeCase(name: "decimal, 10-byte UID beyond 64 bits", text: "4759477275222530853130", format: .decimal, order: .msbFirst, length: nil, expected: "0102030405060708090A"),
    ])
    func wedge(_ c: WedgeCase) throws {
        let uid = try CardUID(wedgeText: c.text, format: c.format, byteOrder: c.order, length: c.length)
        #expect(uid.hex == c.expected, "\(c.name): \(c.text) → \(c.expected)")
    }

    @Test("bad wedge text is refused with the reason")
    func badWedge() {
        #expect(throws: CardUID.Problem.badCharacter("g")) { try CardUID(hex: "04g1") }
        #expect(throws: CardUID.Problem.oddHexDigits(7)) { try CardUID(hex: "04A1B2C") }
        #expect(throws: CardUID.Problem.badCharacter("A")) { try CardUID(wedgeText: "12A4", format: .decimal, byteOrder: .msbFirst) }
        #expect(throws: CardUID.Problem.tooLarge(digits: 10, bytes: 2)) {
            try CardUID(wedgeText: "3283263748", format: .decimal, byteOrder: .msbFirst, length: 2)
        }
        #expect(throws: CardUID.Problem.badLength(0)) { try CardUID(hex: "") }
    }

    @Test("credential keys round-trip")
    func credentialKeys() throws {
        let badge = Credential.badge(try CardUID(hex: "04a1b2c3"))
        #expect(badge.key == "badge:04A1B2C3")
        #expect(Credential(key: "badge:04a1b2c3") == badge)
        let card = Credential.card(try EAN13(validating: "2990000000019"))
        #expect(card.key == "card:2990000000019" && card.kind == "card" && card.value == "2990000000019")
        #expect(Credential(key: "card:2990000000018") == nil, "bad check digit")
        #expect(Credential(key: "04A1B2C3") == nil, "no kind")
    }
}
