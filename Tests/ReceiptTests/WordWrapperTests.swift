import Receipt
import Testing

struct WordWrapperTests {
    func wrap(_ text: String, _ width: Int, _ page: CodePage = .cp858) -> [String] {
        WordWrapper(width: width, codePage: page).lines(text).map { line in
            String(String.UnicodeScalarView(line.map { page.character(for: $0) ?? "?" }))
        }
    }

    @Test("words are never split when they fit on a line")
    func keepsWords() {
        #expect(wrap("Current tier: Platinum Deluxe", 16) == ["Current tier:", "Platinum Deluxe"])
    }

    @Test("a word longer than a line breaks after a hyphen when it can")
    func longHyphenatedWord() {
        #expect(wrap("Super-Extra-Mega-Grande", 12) == ["Super-Extra-", "Mega-Grande"])
    }

    @Test("a word longer than a line without a hyphen breaks at the width")
    func longWord() {
        #expect(wrap("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 10) == ["ABCDEFGHIJ", "KLMNOPQRST", "UVWXYZ"])
    }

    @Test("the euro sign and French punctuation never start a line")
    func gluedPunctuation() {
        #expect(wrap("Valeur : 5 €", 9) == ["Valeur :", "5 €"])
        #expect(wrap("Gagné 12 € !", 10) == ["Gagné", "12 € !"])
    }

    @Test("a one-letter word stays with the next, a number with a short unit")
    func gluedWords() {
        #expect(wrap("atteinte à 500 pts", 11) == ["atteinte", "à 500 pts"])
        #expect(wrap("reached at 500 pts", 13) == ["reached at", "500 pts"])
    }

    @Test("empty text gives no line; \\n starts a line; trailing newlines are dropped")
    func lineBreaks() {
        #expect(wrap("", 10).isEmpty)
        #expect(wrap("a\n\nb\n", 10) == ["a", "", "b"])
    }

    @Test("width counts printed columns after fallback (€ is EUR on CP437)")
    func widthAfterFallback() {
        #expect(wrap("total 5 €", 8, .cp437) == ["total", "5 EUR"])
    }
}
