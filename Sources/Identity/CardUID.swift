/// The UID of a contactless card: 1 to 16 bytes, printed as upper-case hex (`04A1B2C3`).
///
/// This is the identity of a badge whichever reader saw it: a PC/SC reader answering
/// `FF CA 00 00 00` gives the bytes in card order; a keyboard-wedge reader types them as
/// decimal or hex, possibly least significant byte first, and `init(wedgeText:format:)`
/// turns that back into the same bytes. Two `CardUID`s are equal when their bytes are.
public struct CardUID: Sendable, Hashable, CustomStringConvertible {
    /// The UID bytes in the order the card sends them (the order of the `FF CA` answer).
    public let bytes: [UInt8]

    /// The longest UID accepted (ISO 14443 triple-size UIDs are 10 bytes; ISO 15693 are 8).
    public static let maximumLength = 16

    /// Why a text or byte string is not a card UID.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// No bytes, or more than `CardUID.maximumLength`.
        case badLength(Int)
        /// A character that is not allowed in the given format.
        case badCharacter(Character)
        /// Hex text with an odd number of digits.
        case oddHexDigits(Int)
        /// A decimal number that does not fit the configured UID length.
        case tooLarge(digits: Int, bytes: Int)

        public var description: String {
            switch self {
            case .badLength(let n): return "a card UID has 1 to \(CardUID.maximumLength) bytes, got \(n)"
            case .badCharacter(let c): return "unexpected character \"\(c)\" in a card UID"
            case .oddHexDigits(let n): return "hex card UID with an odd number of digits (\(n))"
            case .tooLarge(let digits, let bytes): return "decimal UID of \(digits) digits does not fit \(bytes) bytes"
            }
        }
    }

    /// How a keyboard-wedge reader types a UID.
    public enum WedgeFormat: String, Sendable, CaseIterable {
        /// Hex digits (either case, optional `:`, `-` or space separators between bytes).
        case hex
        /// The UID read as one unsigned integer, typed in decimal (often zero-padded to 10 digits).
        case decimal
    }

    /// Which end of the typed number holds the card's first UID byte.
    public enum ByteOrder: String, Sendable, CaseIterable {
        /// The first UID byte comes first (hex) or is the most significant (decimal): typed as PC/SC reads it.
        case msbFirst
        /// The first UID byte comes last (hex) or is the least significant (decimal): reversed.
        case lsbFirst
    }

    /// A UID from the bytes a PC/SC reader returned (without the `90 00` status word).
    /// - Throws: `Problem.badLength` for an empty or over-long UID.
    public init(bytes: [UInt8]) throws(Problem) {
        guard (1...Self.maximumLength).contains(bytes.count) else { throw .badLength(bytes.count) }
        self.bytes = bytes
    }

    /// A UID from hex text in card order (`04a1b2c3`, `04:A1:B2:C3`, `04 a1 b2 c3`).
    /// - Throws: `Problem` naming the bad character or length.
    public init(hex text: String) throws(Problem) {
        self = try Self(wedgeText: text, format: .hex, byteOrder: .msbFirst)
    }

    /// A UID from what a keyboard-wedge reader typed, normalised to card order.
    ///
    /// - Parameters:
    ///   - format: hex digits or one decimal number.
    ///   - byteOrder: `.lsbFirst` when the reader reverses the bytes.
    ///   - length: the UID length in bytes for decimal text; nil picks the smallest standard
    ///     ISO 14443 size (4, 7 or 10 bytes) that holds the number, which is right unless the
    ///     card's most significant typed byte is zero.
    /// - Throws: `Problem` for characters outside the format or a number too large.
    public init(wedgeText text: String, format: WedgeFormat, byteOrder: ByteOrder, length: Int? = nil) throws(Problem) {
        var typed: [UInt8]
        switch format {
        case .hex: typed = try Self.hexBytes(text)
        case .decimal: typed = try Self.decimalBytes(text, length: length)
        }
        if byteOrder == .lsbFirst { typed.reverse() }
        try self.init(bytes: typed)
    }

    /// `04A1B2C3`: two upper-case hex digits per byte, no separator.
    public var hex: String {
        let digits: [Character] = Array("0123456789ABCDEF")
        var text = ""
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }

    public var description: String { hex }

    private static func hexBytes(_ text: String) throws(Problem) -> [UInt8] {
        var nibbles: [UInt8] = []
        for character in text {
            if character == ":" || character == "-" || character == " " { continue }
            guard let ascii = character.asciiValue else { throw .badCharacter(character) }
            switch ascii {
            case 0x30...0x39: nibbles.append(ascii - 0x30)
            case 0x41...0x46: nibbles.append(ascii - 0x41 + 10)
            case 0x61...0x66: nibbles.append(ascii - 0x61 + 10)
            default: throw .badCharacter(character)
            }
        }
        guard !nibbles.isEmpty, nibbles.count <= maximumLength * 2 else { throw .badLength((nibbles.count + 1) / 2) }
        guard nibbles.count % 2 == 0 else { throw .oddHexDigits(nibbles.count) }
        return stride(from: 0, to: nibbles.count, by: 2).map { nibbles[$0] << 4 | nibbles[$0 + 1] }
    }

    /// Base-10 text to big-endian bytes, exactly (no fixed-width integer, so 10-byte UIDs fit).
    private static func decimalBytes(_ text: String, length: Int?) throws(Problem) -> [UInt8] {
        let digits = text.filter { $0 != " " }
        guard !digits.isEmpty else { throw .badLength(0) }
        guard digits.count <= 40 else { throw .tooLarge(digits: digits.count, bytes: length ?? maximumLength) }
        // Little-endian base-256 accumulator: value = value * 10 + digit.
        var value: [UInt8] = []
        for character in digits {
            guard let ascii = character.asciiValue, (0x30...0x39).contains(ascii) else { throw .badCharacter(character) }
            var carry = Int(ascii - 0x30)
            for index in value.indices {
                let product = Int(value[index]) * 10 + carry
                value[index] = UInt8(product & 0xFF)
                carry = product >> 8
            }
            while carry > 0 { value.append(UInt8(carry & 0xFF)); carry >>= 8 }
        }
        while value.last == 0 { value.removeLast() }
        let width: Int
        if let length {
            guard (1...maximumLength).contains(length) else { throw .badLength(length) }
            width = length
        } else {
            width = [4, 7, 10].first { $0 >= value.count } ?? value.count
        }
        guard value.count <= width, width <= maximumLength else { throw .tooLarge(digits: digits.count, bytes: width) }
        value.append(contentsOf: [UInt8](repeating: 0, count: width - value.count))
        return value.reversed()
    }
}
