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

    /// The lines of `text`, each encoded for the code page. Empty text gives no lines.
    public func lines(_ text: String) -> [[UInt8]] {
        var result: [[UInt8]] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = Self.glued(paragraph.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init))
            var line: [UInt8] = []
            for word in words {
                var bytes = encoder.encode(word)
                if bytes.isEmpty { continue }
                if !line.isEmpty && line.count + 1 + bytes.count <= width {
                    line.append(0x20)
                    line += bytes
                    continue
                }
                if !line.isEmpty {
                    result.append(line)
                    line = []
                }
                while bytes.count > width {
                    let cut = Self.breakPoint(in: bytes, width: width)
                    result.append(Array(bytes[..<cut]))
                    bytes = Array(bytes[cut...])
                }
                line = bytes
            }
            if !line.isEmpty || words.isEmpty { result.append(line) }
        }
        while result.last?.isEmpty == true { result.removeLast() }
        return result
    }

    /// Where to split a word longer than a line: just after the last hyphen or slash that
    /// fits (keeping at least a few characters on the line), else at the full width.
    static func breakPoint(in bytes: [UInt8], width: Int) -> Int {
        let minimum = max(1, width / 3)
        var index = width
        while index > minimum {
            let previous = bytes[index - 1]
            if previous == UInt8(ascii: "-") || previous == UInt8(ascii: "/") { return index }
            index -= 1
        }
        return width
    }

    private static let glueToPrevious: Set<String> = ["€", "%", ":", ";", "!", "?", "»", "EUR"]
    private static let glueToNext: Set<String> = ["«"]

    /// Joins words that must share a line with a no-break space: punctuation that must not
    /// start a line to the word before it, `«` and one-letter words (`à`, `a`) to the word
    /// after them, and a number to a short unit after it (`500 pts`, `3 x`).
    static func glued(_ words: [String]) -> [String] {
        var result: [String] = []
        var joinNext = false
        for (index, word) in words.enumerated() {
            if (joinNext || glueToPrevious.contains(word)), let last = result.popLast() {
                result.append(last + "\u{00A0}" + word)
            } else {
                result.append(word)
            }
            let next = index + 1 < words.count ? words[index + 1] : nil
            let isNumber = word.contains(where: \.isNumber) && word.allSatisfy { $0.isNumber || "+-.,".contains($0) }
            joinNext = glueToNext.contains(word)
                || (word.count == 1 && word.first!.isLetter)
                || (isNumber && (next?.count ?? 99) <= 4)
        }
        return result
    }
}
