/// Splits text into lines of at most `width` printed columns without breaking words.
///
/// Works on bytes already encoded for the printer's code page (one byte, one column), so the
/// width it measures is exactly what prints, fallbacks included (`€`→`EUR` is three columns).
/// Guarantees:
/// - no line is wider than `width`;
/// - words are separated by one space and never split, except a word longer than a whole
///   line, which breaks after a hyphen or slash when one fits, else at the line's end;
/// - `€`, `%`, `:`, `;`, `!`, `?` and `»` stay on the line of the word before them, `«` and
///   one-letter words (`à`) on the line of the word after them, and a number stays with a
///   short unit after it (`500 pts`): French and Dutch write `5 €` and `points : 487`;
/// - no-break spaces (U+00A0, U+202F) never break;
/// - a `\n` in the text starts a new line (an empty line between two stays; trailing ones go).
public struct WordWrapper: Sendable {
    /// Maximum columns per line (at least 1).
    public let width: Int
    /// The encoder that measures and produces each word's bytes.
    public let encoder: CodePageTextEncoder

    public init(width: Int, codePage: CodePage) {
        self.width = max(1, width)
        self.encoder = CodePageTextEncoder(codePage: codePage)
    }

    /// Marks a breakable space in the encoded paragraph (never a byte of printable text).
    private static let breakMark: UInt8 = 0x01

    /// The lines of `text`, each encoded for the code page. Empty text gives no lines.
    public func lines(_ text: String) -> [[UInt8]] {
        var result: [[UInt8]] = []
        if text.utf8.contains(0x0A) {
            for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let before = result.count
                wrap(String(paragraph), into: &result)
                if result.count == before { result.append([]) }
            }
        } else {
            wrap(text, into: &result)
        }
        while result.last?.isEmpty == true { result.removeLast() }
        return result
    }

    private func wrap(_ paragraph: String, into result: inout [[UInt8]]) {
        var encoded: [UInt8] = []
        encoded.reserveCapacity(paragraph.utf8.count)
        encoder.encode(paragraph, into: &encoded, breakableSpace: Self.breakMark)
        var line: [UInt8] = []
        line.reserveCapacity(width)
        for unit in units(encoded) {
            let count = unit.count
            if !line.isEmpty && line.count + 1 + count <= width {
                line.append(0x20)
                Self.append(encoded[unit], to: &line)
                continue
            }
            if !line.isEmpty {
                result.append(line)
                line = []
                line.reserveCapacity(width)
            }
            var rest = unit
            while rest.count > width {
                var piece: [UInt8] = []
                Self.append(encoded[rest], to: &piece)
                let cut = Self.breakPoint(in: piece[...], width: width)
                result.append(Array(piece.prefix(cut)))
                rest = (rest.lowerBound + cut)..<rest.upperBound
            }
            Self.append(encoded[rest], to: &line)
        }
        if !line.isEmpty { result.append(line) }
    }

    /// Copies bytes, turning break marks inside a glued unit into plain spaces.
    @inline(__always)
    private static func append(_ bytes: ArraySlice<UInt8>, to line: inout [UInt8]) {
        for byte in bytes { line.append(byte == breakMark ? 0x20 : byte) }
    }

    /// Where to split a word longer than a line: just after the last hyphen or slash that
    /// fits (keeping at least a few characters on the line), else at the full width.
    static func breakPoint(in bytes: ArraySlice<UInt8>, width: Int) -> Int {
        let minimum = max(1, width / 3)
        var index = width
        while index > minimum {
            let previous = bytes[bytes.startIndex + index - 1]
            if previous == UInt8(ascii: "-") || previous == UInt8(ascii: "/") { return index }
            index -= 1
        }
        return width
    }

    /// The unbreakable units of an encoded paragraph, as ranges: words, joined (across their
    /// break marks) when they must share a line — punctuation that must not start a line to the
    /// word before, `«` and one-letter words to the word after, a number to a short unit after it.
    func units(_ encoded: [UInt8]) -> [Range<Int>] {
        var words: [Range<Int>] = []
        var start: Int? = nil
        for index in encoded.indices {
            if encoded[index] == Self.breakMark {
                if let begin = start { words.append(begin..<index) }
                start = nil
            } else if start == nil {
                start = index
            }
        }
        if let begin = start { words.append(begin..<encoded.count) }

        let rules = GlueRules.of(encoder.codePage)
        var units: [Range<Int>] = []
        units.reserveCapacity(words.count)
        var joinNext = false
        for (index, word) in words.enumerated() {
            let bytes = encoded[word]
            if let last = units.last, joinNext || rules.gluesToPrevious(bytes) {
                units[units.count - 1] = last.lowerBound..<word.upperBound
            } else {
                units.append(word)
            }
            let nextCount = index + 1 < words.count ? words[index + 1].count : Int.max
            joinNext = rules.gluesToNext(bytes) || (nextCount <= 4 && rules.isNumber(bytes))
        }
        return units
    }
}

/// The glue rules of `WordWrapper` in one code page's bytes, computed once per code page.
struct GlueRules: Sendable {
    let toPrevious: [[UInt8]]
    let toNext: [[UInt8]]
    /// Whether each byte prints a letter.
    let letters: [Bool]

    func gluesToPrevious(_ word: ArraySlice<UInt8>) -> Bool {
        word.count <= 3 && toPrevious.contains { $0.elementsEqual(word) }
    }

    func gluesToNext(_ word: ArraySlice<UInt8>) -> Bool {
        (word.count == 1 && letters[Int(word[word.startIndex])]) || (word.count <= 2 && toNext.contains { $0.elementsEqual(word) })
    }

    func isNumber(_ word: ArraySlice<UInt8>) -> Bool {
        var digit = false
        for byte in word {
            switch byte {
            case 0x30...0x39: digit = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ","): break
            default: return false
            }
        }
        return digit
    }

    static func of(_ codePage: CodePage) -> GlueRules {
        switch codePage {
        case .cp437: return cp437
        case .cp850: return cp850
        case .cp858: return cp858
        case .wpc1252: return wpc1252
        }
    }

    private static let cp437 = make(.cp437)
    private static let cp850 = make(.cp850)
    private static let cp858 = make(.cp858)
    private static let wpc1252 = make(.wpc1252)

    private static func make(_ codePage: CodePage) -> GlueRules {
        let encoder = CodePageTextEncoder(codePage: codePage)
        let toPrevious = ["€", "%", ":", ";", "!", "?", "»", "EUR"].map { encoder.encode($0) }
        let toNext = ["«"].map { encoder.encode($0) }
        let letters = (0...255).map { byte -> Bool in
            guard let scalar = codePage.character(for: UInt8(byte)) else { return false }
            return scalar.properties.isAlphabetic
        }
        return GlueRules(toPrevious: toPrevious, toNext: toNext, letters: letters)
    }
}
