import Foundation

/// Turns text into the bytes a code page prints, one column per byte.
///
/// Guarantees:
/// - every output byte is printable in `codePage` (0x20...0x7E, or a defined high byte):
///   text can never smuggle a control code (ESC, GS, DLE, LF…) into the printer's stream;
/// - a character the code page cannot hold degrades to a readable fallback
///   (`é`→`e` on a page without `é`, `’`→`'`, `€`→`EUR`, `œ`→`oe`, `…`→`...`), and only a
///   character with no readable form at all (an emoji) prints as `?`;
/// - a letter followed by combining accents (`e` + U+0301) prints as the precomposed letter
///   when the page has it, else as the bare letter;
/// - no-break and thin spaces print as a plain space; soft hyphens, zero-width marks,
///   variation selectors and emoji modifiers vanish; tabs and line breaks inside a text run
///   print as a space (lines are the layout's job).
///
/// Works on Unicode scalars with a flat lookup table: the seed footer encodes in a few µs.
public struct CodePageTextEncoder: Sendable {
    /// The code page the bytes are for.
    public let codePage: CodePage

    public init(codePage: CodePage) { self.codePage = codePage }

    /// The bytes that print `text` in this code page.
    public func encode(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        encode(text, into: &bytes)
        return bytes
    }

    /// Appends the bytes that print `text` to `bytes`.
    public func encode(_ text: String, into bytes: inout [UInt8]) {
        encode(text, into: &bytes, breakableSpace: nil)
    }

    /// Appends the bytes of one character (a grapheme cluster).
    public func encode(_ character: Character, into bytes: inout [UInt8]) {
        encode(String(character), into: &bytes, breakableSpace: nil)
    }

    /// Appends the bytes that print `text`; ASCII spaces, tabs and line breaks become
    /// `breakableSpace` when given (the word wrapper's break marker), while no-break spaces
    /// stay `0x20`.
    func encode(_ text: String, into bytes: inout [UInt8], breakableSpace: UInt8?) {
        let space = breakableSpace ?? 0x20
        var utf8Fast = true
        for byte in text.utf8 where byte < 0x20 || byte >= 0x7F {
            utf8Fast = false
            break
        }
        if utf8Fast {
            if breakableSpace == nil {
                bytes.append(contentsOf: text.utf8)
            } else {
                for byte in text.utf8 { bytes.append(byte == 0x20 ? space : byte) }
            }
            return
        }
        // Where the last base letter's bytes start, for composing a following accent.
        var base: (scalar: Unicode.Scalar, at: Int)? = nil
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value >= 0x20 && value < 0x7F {
                if value == 0x20 {
                    bytes.append(space)
                    base = nil
                } else {
                    base = (scalar, bytes.count)
                    bytes.append(UInt8(value))
                }
                continue
            }
            if let byte = codePage.byte(for: scalar) {
                base = (scalar, bytes.count)
                bytes.append(byte)
                continue
            }
            if Self.isCombiningMark(value) {
                if let current = base { compose(current, scalar, into: &bytes, base: &base) }
                continue
            }
            base = nil
            if value < 0x20 || value == 0x7F || (0x80..<0xA0).contains(value) {
                if value == 0x09 || value == 0x0A || value == 0x0D { bytes.append(space) }
                continue  // other control codes are dropped, never sent
            }
            if Self.isInvisible(value) { continue }
            let start = bytes.count
            fallback(scalar, into: &bytes)
            if bytes.count > start { base = (scalar, start) }
        }
    }

    /// Replaces the base letter's bytes with the precomposed letter when the page has it
    /// (`e` + U+0301 → `é`); otherwise the bare letter stays and the accent is dropped.
    private func compose(
        _ current: (scalar: Unicode.Scalar, at: Int), _ mark: Unicode.Scalar, into bytes: inout [UInt8],
        base: inout (scalar: Unicode.Scalar, at: Int)?
    ) {
        var pair = String.UnicodeScalarView()
        pair.append(current.scalar)
        pair.append(mark)
        let composed = String(pair).precomposedStringWithCanonicalMapping.unicodeScalars
        guard composed.count == 1, let scalar = composed.first, let byte = codePage.byte(for: scalar) else { return }
        bytes.removeSubrange(current.at...)
        bytes.append(byte)
        base = (scalar, current.at)
    }

    /// The readable stand-in of a scalar the page cannot print.
    private func fallback(_ scalar: Unicode.Scalar, into bytes: inout [UInt8]) {
        if let replacement = Self.replacements[scalar.value] {
            for scalar in replacement.unicodeScalars {
                bytes.append(codePage.byte(for: scalar) ?? UInt8(ascii: "?"))
            }
            return
        }
        if let stripped = strippedOfMarks(scalar) {
            bytes.append(contentsOf: stripped)
            return
        }
        bytes.append(UInt8(ascii: "?"))
    }

    /// The scalar's compatibility decomposition without combining marks (`ě`→`e`, `ﬁ`→`fi`,
    /// `³`→`3`), when every remaining scalar is printable here.
    private func strippedOfMarks(_ scalar: Unicode.Scalar) -> [UInt8]? {
        let decomposed = String(Character(scalar)).decomposedStringWithCompatibilityMapping.unicodeScalars
        var out: [UInt8] = []
        for part in decomposed {
            if Self.isCombiningMark(part.value) || part.properties.generalCategory == .nonspacingMark { continue }
            if let byte = codePage.byte(for: part) {
                out.append(byte)
            } else if let replacement = Self.replacements[part.value], replacement.unicodeScalars.allSatisfy({ $0.isASCII }) {
                out.append(contentsOf: replacement.utf8)
            } else {
                return nil
            }
        }
        return out.isEmpty ? nil : out
    }

    /// Combining diacritical marks (U+0300–036F and their supplement and extension blocks).
    @inline(__always)
    static func isCombiningMark(_ value: UInt32) -> Bool {
        (0x0300...0x036F).contains(value) || (0x1AB0...0x1AFF).contains(value) || (0x1DC0...0x1DFF).contains(value)
            || (0x20D0...0x20FF).contains(value)
    }

    /// Marks that print nothing: zero-width characters, variation selectors, emoji modifiers and tags.
    static func isInvisible(_ value: UInt32) -> Bool {
        (0x200B...0x200F).contains(value) || value == 0x2060 || value == 0xFEFF || value == 0x00AD
            || (0xFE00...0xFE0F).contains(value) || (0x1F3FB...0x1F3FF).contains(value) || (0xE0000...0xE007F).contains(value)
    }

    /// Readable stand-ins for characters that have no decomposition into printable letters.
    /// Used only when the code page cannot print the character itself.
    static let replacements: [UInt32: String] = [
        // quotes and apostrophes
        0x2018: "'", 0x2019: "'", 0x201A: "'", 0x201B: "'", 0x2032: "'", 0x00B4: "'", 0x02BC: "'",
        0x201C: "\"", 0x201D: "\"", 0x201E: "\"", 0x201F: "\"", 0x2033: "\"", 0x00AB: "\"", 0x00BB: "\"",
        0x2039: "<", 0x203A: ">",
        // dashes, bullets, ellipsis
        0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-", 0x2014: "-", 0x2015: "-", 0x2212: "-",
        0x2022: "*", 0x00B7: ".", 0x2026: "...",
        // spaces print as a space
        0x00A0: " ", 0x202F: " ", 0x2007: " ", 0x2009: " ", 0x200A: " ", 0x2002: " ", 0x2003: " ",
        0x2004: " ", 0x2005: " ", 0x2006: " ", 0x2008: " ", 0x205F: " ", 0x3000: " ",
        // money and signs
        0x20AC: "EUR", 0x00A3: "GBP", 0x00A5: "JPY", 0x00A2: "c",
        0x2122: "TM", 0x00A9: "(c)", 0x00AE: "(R)", 0x00B0: "o", 0x2030: "o/oo", 0x00A7: "S.",
        0x00D7: "x", 0x00F7: "/", 0x00B1: "+/-", 0x2264: "<=", 0x2265: ">=", 0x2260: "!=",
        0x2190: "<-", 0x2192: "->", 0x2191: "^", 0x2193: "v", 0x2713: "v", 0x2714: "v",
        0x00BC: "1/4", 0x00BD: "1/2", 0x00BE: "3/4",
        // letters without a canonical decomposition
        0x0152: "OE", 0x0153: "oe", 0x00C6: "AE", 0x00E6: "ae", 0x00DF: "ss", 0x1E9E: "SS",
        0x00D8: "O", 0x00F8: "o", 0x0141: "L", 0x0142: "l", 0x0110: "D", 0x0111: "d", 0x00D0: "D",
        0x00F0: "d", 0x0131: "i", 0x00DE: "Th", 0x00FE: "th", 0x0192: "f", 0x00A1: "!", 0x00BF: "?",
        0x00AA: "a", 0x00BA: "o", 0x00B5: "u",
    ]
}
