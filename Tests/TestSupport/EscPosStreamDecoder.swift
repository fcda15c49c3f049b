/// A strict ESC/POS decoder for tests: turns the bytes a printer received back into text
/// lines, barcodes, QR codes, cuts and status requests.
///
/// Written independently of the Receipt module (it does not import it) so that a test of the
/// encoder checks the bytes against this second reading of the ESC/POS reference, not against
/// the encoder's own tables. It throws on any command it does not know and on any byte above
/// 0x7F that its reference table for the selected code page does not list.
public struct EscPosStreamDecoder: Sendable {
    /// Printed characters of bytes 0x80...0xFF, per `ESC t` table number.
    public var tables: [UInt8: [UInt8: Character]]

    public init(tables: [UInt8: [UInt8: Character]] = EscPosReferenceTables.epson) {
        self.tables = tables
    }

    /// Decodes a whole stream.
    /// - Throws: `EscPosDecodingError` at the offset of the first byte it cannot account for.
    public func decode(_ bytes: [UInt8]) throws -> DecodedPrintJob {
        var job = DecodedPrintJob()
        var table: UInt8 = 0
        var line = DecodedLine()
        var lineStarted = false
        var style = DecodedLine()
        var hriBelow = false
        var qrData: [UInt8] = []
        var i = 0

        func need(_ count: Int) throws {
            if i + count > bytes.count { throw EscPosDecodingError(offset: i, message: "truncated command") }
        }
        func startLine() {
            if !lineStarted {
                line = DecodedLine(text: "", bold: style.bold, doubleWidth: style.doubleWidth, doubleHeight: style.doubleHeight, alignment: style.alignment)
                lineStarted = true
            }
        }
        func endLine() {
            startLine()
            job.events.append(.line(line))
            lineStarted = false
        }

        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case 0x0A:
                endLine(); i += 1
            case 0x10:
                try need(3)
                guard bytes[i + 1] == 0x04, (1...4).contains(bytes[i + 2]) else { throw EscPosDecodingError(offset: i, message: "unknown DLE command") }
                job.events.append(.statusRequest(bytes[i + 2])); i += 3
            case 0x1B:
                try need(2)
                switch bytes[i + 1] {
                case 0x40:
                    if i == 0 { job.startsWithInitialize = true }
                    job.events.append(.initialize)
                    table = 0; style = DecodedLine(); hriBelow = false; i += 2
                case 0x74:
                    try need(3); table = bytes[i + 2]; job.events.append(.codePage(table)); i += 3
                case 0x45:
                    try need(3); style.bold = bytes[i + 2] & 1 == 1; if lineStarted { line.bold = line.bold || style.bold }; i += 3
                case 0x61:
                    try need(3)
                    guard let alignment = DecodedLine.Alignment(rawValue: bytes[i + 2] % 48) else { throw EscPosDecodingError(offset: i, message: "bad ESC a") }
                    style.alignment = alignment; i += 3
                case 0x64:
                    try need(3)
                    if lineStarted { endLine() }
                    job.events.append(.feed(Int(bytes[i + 2]))); i += 3
                default:
                    throw EscPosDecodingError(offset: i, message: "unknown ESC \(hex(bytes[i + 1]))")
                }
            case 0x1D:
                try need(2)
                switch bytes[i + 1] {
                case 0x21:
                    try need(3)
                    style.doubleWidth = bytes[i + 2] >> 4 == 1
                    style.doubleHeight = bytes[i + 2] & 0x0F == 1
                    i += 3
                case 0x56:
                    try need(3)
                    if lineStarted { endLine() }
                    switch bytes[i + 2] {
                    case 0, 48: job.events.append(.cut(full: true))
                    case 1, 49: job.events.append(.cut(full: false))
                    default: throw EscPosDecodingError(offset: i, message: "unknown GS V mode")
                    }
                    i += 3
                case 0x48:
                    try need(3); hriBelow = bytes[i + 2] == 2 || bytes[i + 2] == 50; i += 3
                case 0x66, 0x68, 0x77:
                    try need(3); i += 3
                case 0x6B:
                    try need(4)
                    guard bytes[i + 2] == 67 else { throw EscPosDecodingError(offset: i, message: "GS k: only function B EAN-13 (m = 67) expected") }
                    let n = Int(bytes[i + 3])
                    try need(4 + n)
                    let digits = String(decoding: bytes[(i + 4)..<(i + 4 + n)], as: UTF8.self)
                    guard n == 12 || n == 13, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
                        throw EscPosDecodingError(offset: i, message: "GS k 67: expected 12 or 13 digits")
                    }
                    if lineStarted { throw EscPosDecodingError(offset: i, message: "barcode not at the start of a line") }
                    job.events.append(.barcode(DecodedBarcode(digits: digits, hriBelow: hriBelow, alignment: style.alignment)))
                    i += 4 + n
                case 0x28:
                    try need(5)
                    guard bytes[i + 2] == 0x6B else { throw EscPosDecodingError(offset: i, message: "unknown GS ( function") }
                    let length = Int(bytes[i + 3]) | Int(bytes[i + 4]) << 8
                    try need(5 + length)
                    let body = Array(bytes[(i + 5)..<(i + 5 + length)])
                    guard body.count >= 2, body[0] == 0x31 else { throw EscPosDecodingError(offset: i, message: "GS ( k: not a QR code") }
                    switch body[1] {
                    case 0x41, 0x43, 0x45: break
                    case 0x50: qrData = Array(body.dropFirst(3))
                    case 0x51: job.events.append(.qrCode(String(decoding: qrData, as: UTF8.self)))
                    default: throw EscPosDecodingError(offset: i, message: "GS ( k: unknown function \(hex(body[1]))")
                    }
                    i += 5 + length
                default:
                    throw EscPosDecodingError(offset: i, message: "unknown GS \(hex(bytes[i + 1]))")
                }
            case 0x20..<0x7F:
                startLine(); line.bold = line.bold || style.bold
                line.text.append(Character(Unicode.Scalar(byte))); i += 1
            case 0x80...0xFF:
                guard let character = tables[table]?[byte] else {
                    throw EscPosDecodingError(offset: i, message: "byte \(hex(byte)) is not in the reference table \(table)")
                }
                startLine(); line.text.append(character); i += 1
            default:
                throw EscPosDecodingError(offset: i, message: "control byte \(hex(byte))")
            }
        }
        if lineStarted { job.unterminatedText = line.text }
        return job
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0x0" + digits : "0x" + digits
    }
}

/// What a stream asked the printer to do, in order.
public struct DecodedPrintJob: Sendable, Equatable {
    public enum Event: Sendable, Equatable {
        case initialize
        case codePage(UInt8)
        case line(DecodedLine)
        case feed(Int)
        case cut(full: Bool)
        case barcode(DecodedBarcode)
        case qrCode(String)
        case statusRequest(UInt8)
    }

    /// Whether the very first command is `ESC @`.
    public var startsWithInitialize = false
    public var events: [Event] = []
    /// Text sent after the last `LF` (still in the printer's buffer).
    public var unterminatedText: String? = nil

    public init() {}

    /// The printed text lines, in order.
    public var lines: [DecodedLine] {
        events.compactMap { if case .line(let line) = $0 { return line } else { return nil } }
    }

    /// The text of every printed line.
    public var texts: [String] { lines.map(\.text) }

    /// The barcodes, in order.
    public var barcodes: [DecodedBarcode] {
        events.compactMap { if case .barcode(let code) = $0 { return code } else { return nil } }
    }

    /// The QR codes' contents, in order.
    public var qrCodes: [String] {
        events.compactMap { if case .qrCode(let text) = $0 { return text } else { return nil } }
    }

    /// The cuts (true = full), in order.
    public var cuts: [Bool] {
        events.compactMap { if case .cut(let full) = $0 { return full } else { return nil } }
    }

    /// The `ESC t` table numbers selected, in order.
    public var codePageTables: [UInt8] {
        events.compactMap { if case .codePage(let n) = $0 { return n } else { return nil } }
    }
}

/// A printed line and the modes it started in.
public struct DecodedLine: Sendable, Equatable {
    public enum Alignment: UInt8, Sendable { case left = 0, center = 1, right = 2 }
    public var text: String = ""
    public var bold = false
    public var doubleWidth = false
    public var doubleHeight = false
    public var alignment: Alignment = .left

    public init(text: String = "", bold: Bool = false, doubleWidth: Bool = false, doubleHeight: Bool = false, alignment: Alignment = .left) {
        self.text = text
        self.bold = bold
        self.doubleWidth = doubleWidth
        self.doubleHeight = doubleHeight
        self.alignment = alignment
    }

    /// Columns the line occupies.
    public var columns: Int { text.count * (doubleWidth ? 2 : 1) }
}

/// A barcode as sent: the digits and where the human-readable text goes.
public struct DecodedBarcode: Sendable, Equatable {
    public var digits: String
    public var hriBelow: Bool
    public var alignment: DecodedLine.Alignment

    public init(digits: String, hriBelow: Bool, alignment: DecodedLine.Alignment) {
        self.digits = digits
        self.hriBelow = hriBelow
        self.alignment = alignment
    }
}

/// A byte the decoder could not account for.
public struct EscPosDecodingError: Error, Sendable, CustomStringConvertible {
    public let offset: Int
    public let message: String
    public var description: String { "offset \(offset): \(message)" }
}

/// Reference code page tables for the test decoder, typed in from the Epson ESC/POS
/// character code tables (only the characters kiosk receipts use, so that anything else is
/// reported rather than guessed).
public enum EscPosReferenceTables {
    // Every printable position 0x80...0xFF of each code page, generated from CPython's codecs
    // (cp858, cp437, cp1252; cp850 differs from cp858 at 0xD5 only) — a source independent of the Receipt module's tables.
    /// PC858 (Multilingual + euro): Epson table 19, Star table 4.
    public static let pc858: [UInt8: Character] = [
        0x80: "Ç", 0x81: "ü", 0x82: "é", 0x83: "â", 0x84: "ä", 0x85: "à", 0x86: "å", 0x87: "ç",
        0x88: "ê", 0x89: "ë", 0x8A: "è", 0x8B: "ï", 0x8C: "î", 0x8D: "ì", 0x8E: "Ä", 0x8F: "Å",
        0x90: "É", 0x91: "æ", 0x92: "Æ", 0x93: "ô", 0x94: "ö", 0x95: "ò", 0x96: "û", 0x97: "ù",
        0x98: "ÿ", 0x99: "Ö", 0x9A: "Ü", 0x9B: "ø", 0x9C: "£", 0x9D: "Ø", 0x9E: "×", 0x9F: "ƒ",
        0xA0: "á", 0xA1: "í", 0xA2: "ó", 0xA3: "ú", 0xA4: "ñ", 0xA5: "Ñ", 0xA6: "ª", 0xA7: "º",
        0xA8: "¿", 0xA9: "®", 0xAA: "¬", 0xAB: "½", 0xAC: "¼", 0xAD: "¡", 0xAE: "«", 0xAF: "»",
        0xB0: "░", 0xB1: "▒", 0xB2: "▓", 0xB3: "│", 0xB4: "┤", 0xB5: "Á", 0xB6: "Â", 0xB7: "À",
        0xB8: "©", 0xB9: "╣", 0xBA: "║", 0xBB: "╗", 0xBC: "╝", 0xBD: "¢", 0xBE: "¥", 0xBF: "┐",
        0xC0: "└", 0xC1: "┴", 0xC2: "┬", 0xC3: "├", 0xC4: "─", 0xC5: "┼", 0xC6: "ã", 0xC7: "Ã",
        0xC8: "╚", 0xC9: "╔", 0xCA: "╩", 0xCB: "╦", 0xCC: "╠", 0xCD: "═", 0xCE: "╬", 0xCF: "¤",
        0xD0: "ð", 0xD1: "Ð", 0xD2: "Ê", 0xD3: "Ë", 0xD4: "È", 0xD5: "€", 0xD6: "Í", 0xD7: "Î",
        0xD8: "Ï", 0xD9: "┘", 0xDA: "┌", 0xDB: "█", 0xDC: "▄", 0xDD: "¦", 0xDE: "Ì", 0xDF: "▀",
        0xE0: "Ó", 0xE1: "ß", 0xE2: "Ô", 0xE3: "Ò", 0xE4: "õ", 0xE5: "Õ", 0xE6: "µ", 0xE7: "þ",
        0xE8: "Þ", 0xE9: "Ú", 0xEA: "Û", 0xEB: "Ù", 0xEC: "ý", 0xED: "Ý", 0xEE: "¯", 0xEF: "´",
        0xF0: "\u{00AD}", 0xF1: "±", 0xF2: "‗", 0xF3: "¾", 0xF4: "¶", 0xF5: "§", 0xF6: "÷", 0xF7: "¸",
        0xF8: "°", 0xF9: "¨", 0xFA: "·", 0xFB: "¹", 0xFC: "³", 0xFD: "²", 0xFE: "■", 0xFF: "\u{00A0}",
    ]
    /// PC850 (Multilingual, no euro): Epson table 2. Same as PC858 but 0xD5 is `ı`.
    public static let pc850: [UInt8: Character] = {
        var table = pc858
        table[0xD5] = "ı"
        return table
    }()
    /// PC437 (USA): Epson table 0.
    public static let pc437: [UInt8: Character] = [
        0x80: "Ç", 0x81: "ü", 0x82: "é", 0x83: "â", 0x84: "ä", 0x85: "à", 0x86: "å", 0x87: "ç",
        0x88: "ê", 0x89: "ë", 0x8A: "è", 0x8B: "ï", 0x8C: "î", 0x8D: "ì", 0x8E: "Ä", 0x8F: "Å",
        0x90: "É", 0x91: "æ", 0x92: "Æ", 0x93: "ô", 0x94: "ö", 0x95: "ò", 0x96: "û", 0x97: "ù",
        0x98: "ÿ", 0x99: "Ö", 0x9A: "Ü", 0x9B: "¢", 0x9C: "£", 0x9D: "¥", 0x9E: "₧", 0x9F: "ƒ",
        0xA0: "á", 0xA1: "í", 0xA2: "ó", 0xA3: "ú", 0xA4: "ñ", 0xA5: "Ñ", 0xA6: "ª", 0xA7: "º",
        0xA8: "¿", 0xA9: "⌐", 0xAA: "¬", 0xAB: "½", 0xAC: "¼", 0xAD: "¡", 0xAE: "«", 0xAF: "»",
        0xB0: "░", 0xB1: "▒", 0xB2: "▓", 0xB3: "│", 0xB4: "┤", 0xB5: "╡", 0xB6: "╢", 0xB7: "╖",
        0xB8: "╕", 0xB9: "╣", 0xBA: "║", 0xBB: "╗", 0xBC: "╝", 0xBD: "╜", 0xBE: "╛", 0xBF: "┐",
        0xC0: "└", 0xC1: "┴", 0xC2: "┬", 0xC3: "├", 0xC4: "─", 0xC5: "┼", 0xC6: "╞", 0xC7: "╟",
        0xC8: "╚", 0xC9: "╔", 0xCA: "╩", 0xCB: "╦", 0xCC: "╠", 0xCD: "═", 0xCE: "╬", 0xCF: "╧",
        0xD0: "╨", 0xD1: "╤", 0xD2: "╥", 0xD3: "╙", 0xD4: "╘", 0xD5: "╒", 0xD6: "╓", 0xD7: "╫",
        0xD8: "╪", 0xD9: "┘", 0xDA: "┌", 0xDB: "█", 0xDC: "▄", 0xDD: "▌", 0xDE: "▐", 0xDF: "▀",
        0xE0: "α", 0xE1: "ß", 0xE2: "Γ", 0xE3: "π", 0xE4: "Σ", 0xE5: "σ", 0xE6: "µ", 0xE7: "τ",
        0xE8: "Φ", 0xE9: "Θ", 0xEA: "Ω", 0xEB: "δ", 0xEC: "∞", 0xED: "φ", 0xEE: "ε", 0xEF: "∩",
        0xF0: "≡", 0xF1: "±", 0xF2: "≥", 0xF3: "≤", 0xF4: "⌠", 0xF5: "⌡", 0xF6: "÷", 0xF7: "≈",
        0xF8: "°", 0xF9: "∙", 0xFA: "·", 0xFB: "√", 0xFC: "ⁿ", 0xFD: "²", 0xFE: "■", 0xFF: "\u{00A0}",
    ]
    /// WPC1252 (Windows Latin-1): Epson table 16, Star table 32.
    public static let wpc1252: [UInt8: Character] = [
        0x80: "€", 0x82: "‚", 0x83: "ƒ", 0x84: "„", 0x85: "…", 0x86: "†", 0x87: "‡", 0x88: "ˆ",
        0x89: "‰", 0x8A: "Š", 0x8B: "‹", 0x8C: "Œ", 0x8E: "Ž", 0x91: "‘", 0x92: "’", 0x93: "“",
        0x94: "”", 0x95: "•", 0x96: "–", 0x97: "—", 0x98: "˜", 0x99: "™", 0x9A: "š", 0x9B: "›",
        0x9C: "œ", 0x9E: "ž", 0x9F: "Ÿ", 0xA0: "\u{00A0}", 0xA1: "¡", 0xA2: "¢", 0xA3: "£", 0xA4: "¤",
        0xA5: "¥", 0xA6: "¦", 0xA7: "§", 0xA8: "¨", 0xA9: "©", 0xAA: "ª", 0xAB: "«", 0xAC: "¬",
        0xAD: "\u{00AD}", 0xAE: "®", 0xAF: "¯", 0xB0: "°", 0xB1: "±", 0xB2: "²", 0xB3: "³", 0xB4: "´",
        0xB5: "µ", 0xB6: "¶", 0xB7: "·", 0xB8: "¸", 0xB9: "¹", 0xBA: "º", 0xBB: "»", 0xBC: "¼",
        0xBD: "½", 0xBE: "¾", 0xBF: "¿", 0xC0: "À", 0xC1: "Á", 0xC2: "Â", 0xC3: "Ã", 0xC4: "Ä",
        0xC5: "Å", 0xC6: "Æ", 0xC7: "Ç", 0xC8: "È", 0xC9: "É", 0xCA: "Ê", 0xCB: "Ë", 0xCC: "Ì",
        0xCD: "Í", 0xCE: "Î", 0xCF: "Ï", 0xD0: "Ð", 0xD1: "Ñ", 0xD2: "Ò", 0xD3: "Ó", 0xD4: "Ô",
        0xD5: "Õ", 0xD6: "Ö", 0xD7: "×", 0xD8: "Ø", 0xD9: "Ù", 0xDA: "Ú", 0xDB: "Û", 0xDC: "Ü",
        0xDD: "Ý", 0xDE: "Þ", 0xDF: "ß", 0xE0: "à", 0xE1: "á", 0xE2: "â", 0xE3: "ã", 0xE4: "ä",
        0xE5: "å", 0xE6: "æ", 0xE7: "ç", 0xE8: "è", 0xE9: "é", 0xEA: "ê", 0xEB: "ë", 0xEC: "ì",
        0xED: "í", 0xEE: "î", 0xEF: "ï", 0xF0: "ð", 0xF1: "ñ", 0xF2: "ò", 0xF3: "ó", 0xF4: "ô",
        0xF5: "õ", 0xF6: "ö", 0xF7: "÷", 0xF8: "ø", 0xF9: "ù", 0xFA: "ú", 0xFB: "û", 0xFC: "ü",
        0xFD: "ý", 0xFE: "þ", 0xFF: "ÿ",
    ]
    /// Epson numbering: 0 PC437, 2 PC850, 16 WPC1252, 19 PC858.
    public static let epson: [UInt8: [UInt8: Character]] = [0: pc437, 2: pc850, 16: wpc1252, 19: pc858]
    /// Star numbering (ESC/POS mode): 1 PC437, 4 PC858, 32 WPC1252.
    public static let star: [UInt8: [UInt8: Character]] = [1: pc437, 4: pc858, 32: wpc1252]
}
