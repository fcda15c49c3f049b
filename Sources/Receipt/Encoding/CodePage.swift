/// A single-byte printer character set: which character each byte 0x80...0xFF prints.
///
/// Bytes 0x20...0x7E print ASCII in every code page. The table *number* that selects a code
/// page with `ESC t n` is not a property of the code page: it differs by printer maker (CP858
/// is table 19 on Epson, 4 on Star) and lives in `PrinterProfile.codePageTable`.
///
/// Byte positions the kiosk relies on (see docs/printing.md):
///
/// | char | cp437 | cp850 | cp858 | wpc1252 |
/// |------|-------|-------|-------|---------|
/// | €    |   —   |   —   | 0xD5  |  0x80   |
/// | é    | 0x82  | 0x82  | 0x82  |  0xE9   |
/// | è    | 0x8A  | 0x8A  | 0x8A  |  0xE8   |
/// | ê    | 0x88  | 0x88  | 0x88  |  0xEA   |
/// | à    | 0x85  | 0x85  | 0x85  |  0xE0   |
/// | ç    | 0x87  | 0x87  | 0x87  |  0xE7   |
/// | ë    | 0x89  | 0x89  | 0x89  |  0xEB   |
/// | ï    | 0x8B  | 0x8B  | 0x8B  |  0xEF   |
/// | ô    | 0x93  | 0x93  | 0x93  |  0xF4   |
/// | û    | 0x96  | 0x96  | 0x96  |  0xFB   |
public enum CodePage: String, Sendable, CaseIterable, CustomStringConvertible {
    /// IBM PC 437 (USA). Has the French accents but no euro sign (prints `EUR`).
    case cp437
    /// IBM PC 850 (Multilingual). Has the French accents but no euro sign (prints `EUR`).
    case cp850
    /// IBM PC 858: 850 with `€` at 0xD5. The usual choice for Epson-style printers.
    case cp858
    /// Windows-1252 (Epson calls it WPC1252): `€` at 0x80.
    case wpc1252

    public var description: String { rawValue }

    /// The Unicode scalar printed for `byte`, or nil when the code page leaves the byte
    /// undefined or the byte is a control code (below 0x20, or 0x7F).
    public func character(for byte: UInt8) -> Unicode.Scalar? {
        if byte >= 0x20 && byte < 0x7F { return Unicode.Scalar(byte) }
        guard byte >= 0x80 else { return nil }
        let value = highTable[Int(byte - 0x80)]
        return value == 0 ? nil : Unicode.Scalar(value)
    }

    /// The byte that prints `scalar`, or nil when this code page cannot print it.
    /// Control characters are never printable.
    @inline(__always)
    public func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return UInt8(value) }
        guard value < Self.lookupLimit else { return nil }
        let byte = lookup[Int(value)]
        return byte == 0 ? nil : byte
    }

    /// Every character of the four tables is below U+2600, so a flat table indexed by scalar
    /// value answers `byte(for:)` with one array access.
    static let lookupLimit: UInt32 = 0x2600

    private var lookup: [UInt8] {
        switch self {
        case .cp437: return Self.cp437Lookup
        case .cp850: return Self.cp850Lookup
        case .cp858: return Self.cp858Lookup
        case .wpc1252: return Self.wpc1252Lookup
        }
    }

    /// The 128 scalars of bytes 0x80...0xFF (0 = undefined).
    var highTable: [UInt32] {
        switch self {
        case .cp437: return Self.cp437High
        case .cp850: return Self.cp850High
        case .cp858: return Self.cp858High
        case .wpc1252: return Self.wpc1252High
        }
    }

    private static func lookupTable(_ table: [UInt32]) -> [UInt8] {
        var lookup = [UInt8](repeating: 0, count: Int(lookupLimit))
        for (offset, value) in table.enumerated() where value != 0 && value != 0xA0 && value != 0xAD {
            // No-break space and soft hyphen are never sent as high bytes: the text encoder turns
            // them into a plain space or nothing, which every printer prints the same way.
            precondition(value < lookupLimit, "code page character above the lookup table")
            lookup[Int(value)] = UInt8(0x80 + offset)
        }
        return lookup
    }

    private static let cp437Lookup = lookupTable(cp437High)
    private static let cp850Lookup = lookupTable(cp850High)
    private static let cp858Lookup = lookupTable(cp858High)
    private static let wpc1252Lookup = lookupTable(wpc1252High)
}
