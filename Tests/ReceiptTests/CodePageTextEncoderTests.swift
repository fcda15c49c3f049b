import Receipt
import Testing

struct CodePageTextEncoderTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let page: CodePage
        let input: String
        let printed: String  // what the bytes print, as ASCII
        var description: String { name }
    }

    /// Degradations whose result is plain ASCII, so the expectation is readable here.
    static let asciiFallbacks: [Case] = [
        Case(name: "€ on CP437 prints EUR", page: .cp437, input: "-5 €", printed: "-5 EUR"),
        Case(name: "€ on CP850 prints EUR", page: .cp850, input: "0,42 €", printed: "0,42 EUR"),
        Case(name: "typographic apostrophe → '", page: .cp858, input: "l’offre", printed: "l'offre"),
        Case(name: "curly quotes → \"", page: .cp858, input: "“Gold”", printed: "\"Gold\""),
        Case(name: "en and em dashes → -", page: .cp858, input: "a – b — c", printed: "a - b - c"),
        Case(name: "ellipsis → ...", page: .cp858, input: "Merci…", printed: "Merci..."),
        Case(name: "œ → oe on CP858", page: .cp858, input: "cœur", printed: "coeur"),
        Case(name: "Ł → L, ą → a, ź → z", page: .cp858, input: "Łukasz ą ź", printed: "Lukasz a z"),
        Case(name: "ě → e (letter the page lacks, accent dropped)", page: .cp858, input: "ě", printed: "e"),
        Case(name: "emoji → ?", page: .cp858, input: "ok 👍", printed: "ok ?"),
        Case(name: "an emoji with a skin tone and a variation selector is one ?", page: .cp858, input: "a👍🏽b❤️c", printed: "a?b?c"),
        Case(name: "e + combining caron (no ě in the page) prints the bare e", page: .cp858, input: "ze\u{030C}d", printed: "zed"),
        Case(name: "control codes are dropped, tab and newline become spaces", page: .cp858, input: "a\u{1B}@b\u{1D}V\u{01}c\td\ne", printed: "a@bVc d e"),
        Case(name: "ligature ﬁ → fi, superscript ³ → 3 on CP437", page: .cp437, input: "ﬁ³", printed: "fi3"),
    ]

    @Test("readable fallbacks", arguments: asciiFallbacks)
    func fallbacks(_ c: Case) {
        let bytes = CodePageTextEncoder(codePage: c.page).encode(c.input)
        #expect(bytes == Array(c.printed.utf8), "\(c.input) on \(c.page) should print \(c.printed)")
    }

    @Test("no-break spaces print as a plain space, the euro sign stays")
    func noBreakSpaces() {
        let bytes = CodePageTextEncoder(codePage: .cp858).encode("5\u{00A0}€ x\u{202F}:")
        #expect(bytes == [0x35, 0x20, 0xD5, 0x20, 0x78, 0x20, 0x3A])
    }

    @Test("soft hyphen and zero-width space vanish; é stays é")
    func invisibleMarks() {
        let bytes = CodePageTextEncoder(codePage: .cp858).encode("fi\u{00AD}dé\u{200B}")
        #expect(bytes == [0x66, 0x69, 0x64, 0x82])
    }

    @Test("a decomposed é (e + U+0301) prints as the precomposed é")
    func decomposedAccent() {
        #expect(CodePageTextEncoder(codePage: .cp858).encode("e\u{0301}") == [0x82])
        #expect(CodePageTextEncoder(codePage: .wpc1252).encode("e\u{0301}") == [0xE9])
    }

    @Test("WPC1252 prints œ and ’ natively (0x9C, 0x92)")
    func wpc1252Natives() {
        #expect(CodePageTextEncoder(codePage: .wpc1252).encode("œ’") == [0x9C, 0x92])
    }

    @Test("no output byte is ever a control code", arguments: CodePage.allCases)
    func neverControlCodes(_ page: CodePage) {
        var everything = ""
        for value in UInt32(0)..<0x800 {
            if let scalar = Unicode.Scalar(value) { everything.unicodeScalars.append(scalar) }
        }
        everything += "€’“”…👍🇧🇪\u{FEFF}"
        let bytes = CodePageTextEncoder(codePage: page).encode(everything)
        let bad = bytes.filter { $0 < 0x20 || $0 == 0x7F || (0x80...0xFF).contains($0) && page.character(for: $0) == nil }
        #expect(bad.isEmpty, "control or undefined bytes emitted: \(bad)")
    }
}
