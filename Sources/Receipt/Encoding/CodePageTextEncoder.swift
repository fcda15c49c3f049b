import Foundation

/// Turns text into the bytes a code page prints, one column per byte.
///
/// Guarantees:
/// - every output byte is printable in `codePage` (0x20...0x7E, or a defined high byte):
///   text can never smuggle a control code (ESC, GS, DLE, LF…) into the printer's stream;
/// - a character the code page cannot hold degrades to a readable fallback
///   (`é`→`e` on a page without `é`, `’`→`'`, `€`→`EUR`, `œ`→`oe`, `…`→`...`), and only a
///   character with no readable form at all (an emoji) prints as `?`;
/// - no-break and thin spaces print as a plain space; soft hyphens and zero-width marks vanish;
///   tabs and line breaks inside a text run print as a space (lines are the layout's job).
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
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            bytes.append(contentsOf: text.utf8)
            return
        }
        for character in text { encode(character, into: &bytes) }
    }

    /// Appends the bytes that print one character (a grapheme cluster).
    public func encode(_ character: Character, into bytes: inout [UInt8]) {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let only = scalars.first {
            if let byte = codePage.byte(for: only) {
                bytes.append(byte)
                return
            }
        } else {
            // "e" + U+0301 is one character: try its precomposed form first.
            let composed = String(character).precomposedStringWithCanonicalMapping.unicodeScalars
            if composed.count == 1, let only = composed.first, let byte = codePage.byte(for: only) {
                bytes.append(byte)
                return
            }
        }
        guard let first = scalars.first else { return }
        if let replacement = Self.replacements[first.value] {
            for scalar in replacement.unicodeScalars {
                bytes.append(codePage.byte(for: scalar) ?? UInt8(ascii: "?"))
            }
            return
        }
        if first.value < 0x20 || first.value == 0x7F || (0x80..<0xA0).contains(first.value) {
            if first == "\t" || first == "\n" || first == "\r" { bytes.append(0x20) }
            return  // other control codes are dropped, never sent
        }
        if let stripped = strippedOfMarks(character) {
            bytes.append(contentsOf: stripped)
            return
        }
        bytes.append(UInt8(ascii: "?"))
    }

    /// The character's compatibility decomposition without combining marks (`é`→`e`,
    /// `ﬁ`→`fi`, `²`→`2`), when every remaining scalar is printable here.
    private func strippedOfMarks(_ character: Character) -> [UInt8]? {
        let decomposed = String(character).decomposedStringWithCompatibilityMapping.unicodeScalars
        var out: [UInt8] = []
        for scalar in decomposed {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if let byte = codePage.byte(for: scalar) {
                out.append(byte)
            } else if let replacement = Self.replacements[scalar.value], replacement.unicodeScalars.allSatisfy({ $0.isASCII }) {
                out.append(contentsOf: replacement.utf8)
            } else {
                return nil
            }
        }
        return out.isEmpty ? nil : out
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
        // spaces print as a space; invisible marks vanish
        0x00A0: " ", 0x202F: " ", 0x2007: " ", 0x2009: " ", 0x200A: " ", 0x2002: " ", 0x2003: " ",
        0x2004: " ", 0x2005: " ", 0x2006: " ", 0x2008: " ", 0x205F: " ", 0x3000: " ",
        0x00AD: "", 0x200B: "", 0x200C: "", 0x200D: "", 0x2060: "", 0xFEFF: "",
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
