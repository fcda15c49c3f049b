import Receipt
import Testing

/// The byte positions docs/printing.md promises, per code page.
struct CodePageTests {
    struct Position: Sendable, CustomStringConvertible {
        let character: Unicode.Scalar
        let cp437: UInt8?
        let cp850: UInt8?
        let cp858: UInt8?
        let wpc1252: UInt8?
        var description: String { "\(character)" }
    }

    static let positions: [Position] = [
        Position(character: "€", cp437: nil, cp850: nil, cp858: 0xD5, wpc1252: 0x80),
        Position(character: "é", cp437: 0x82, cp850: 0x82, cp858: 0x82, wpc1252: 0xE9),
        Position(character: "è", cp437: 0x8A, cp850: 0x8A, cp858: 0x8A, wpc1252: 0xE8),
        Position(character: "ê", cp437: 0x88, cp850: 0x88, cp858: 0x88, wpc1252: 0xEA),
        Position(character: "à", cp437: 0x85, cp850: 0x85, cp858: 0x85, wpc1252: 0xE0),
        Position(character: "ç", cp437: 0x87, cp850: 0x87, cp858: 0x87, wpc1252: 0xE7),
        Position(character: "ë", cp437: 0x89, cp850: 0x89, cp858: 0x89, wpc1252: 0xEB),
        Position(character: "ï", cp437: 0x8B, cp850: 0x8B, cp858: 0x8B, wpc1252: 0xEF),
        Position(character: "ô", cp437: 0x93, cp850: 0x93, cp858: 0x93, wpc1252: 0xF4),
        Position(character: "û", cp437: 0x96, cp850: 0x96, cp858: 0x96, wpc1252: 0xFB),
    ]

    @Test("documented byte positions of € and the French accents", arguments: positions)
    func documentedPositions(_ position: Position) {
        let pages: [(CodePage, UInt8?)] = [
            (.cp437, position.cp437), (.cp850, position.cp850), (.cp858, position.cp858), (.wpc1252, position.wpc1252),
        ]
        for (page, expected) in pages {
            #expect(page.byte(for: position.character) == expected, "\(position.character) in \(page)")
            if let expected {
                #expect(page.character(for: expected) == position.character, "byte \(expected) in \(page) prints \(position.character)")
            }
        }
    }

    @Test("CP858 is CP850 with the euro sign at 0xD5 instead of the dotless i")
    func cp858DiffersFromCp850OnlyAtD5() {
        for byte in UInt8(0x80)...UInt8(0xFF) {
            let a = CodePage.cp850.character(for: byte)
            let b = CodePage.cp858.character(for: byte)
            if byte == 0xD5 {
                #expect(a == "\u{0131}" && b == "€", "0xD5: ı in 850, € in 858")
            } else {
                #expect(a == b, "byte \(byte) must be the same in 850 and 858")
            }
        }
    }

    @Test("every defined high byte round-trips through its character", arguments: CodePage.allCases)
    func highBytesRoundTrip(_ page: CodePage) {
        for byte in UInt8(0x80)...UInt8(0xFF) {
            guard let character = page.character(for: byte) else { continue }
            if character == "\u{00A0}" || character == "\u{00AD}" { continue }  // sent as space / nothing
            #expect(page.byte(for: character) == byte, "\(page) byte \(byte) → \(character) → back")
        }
    }

    @Test("control codes are never printable characters", arguments: CodePage.allCases)
    func controlCodesAreNotCharacters(_ page: CodePage) {
        for byte in UInt8(0)..<0x20 { #expect(page.character(for: byte) == nil, "control \(byte)") }
        #expect(page.character(for: 0x7F) == nil)
        #expect(page.byte(for: "\u{1B}") == nil, "ESC is not text")
        #expect(page.byte(for: "\u{0A}") == nil, "LF is not text")
    }

    @Test("WPC1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined")
    func wpc1252Holes() {
        for byte: UInt8 in [0x81, 0x8D, 0x8F, 0x90, 0x9D] {
            #expect(CodePage.wpc1252.character(for: byte) == nil, "byte \(byte)")
        }
    }
}
