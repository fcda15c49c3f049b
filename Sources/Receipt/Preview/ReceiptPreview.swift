import Identity

/// One printed line as the preview sees it.
public struct PreviewLine: Sendable, Equatable {
    /// The line's characters at their printed positions (a double-width character is followed
    /// by a space standing for its second column); never wider than the paper.
    public var text: String
    /// Whether any character on the line is emphasized.
    public var bold: Bool
    /// Whether any character on the line is double height.
    public var tall: Bool
    /// What kind of line this is.
    public var kind: Kind

    public enum Kind: Sendable, Equatable {
        case text
        /// Bars of a barcode (the digits follow as a `.text` line, as the printer prints them).
        case barcode
        /// A QR code placeholder.
        case qrCode
        /// Where the cutter cuts.
        case cut
    }

    public init(text: String, bold: Bool = false, tall: Bool = false, kind: Kind = .text) {
        self.text = text
        self.bold = bold
        self.tall = tall
        self.kind = kind
    }
}

/// Renders an ESC/POS byte stream as the text a printer with `profile` would print. Pure.
///
/// An interpreter of the commands `EscPosEncoder` emits (and a few common others): `ESC @`,
/// `ESC t`, `ESC E`, `ESC a`, `ESC d`, `ESC !`, `GS !`, `GS V`, `GS H/f/h/w`, `GS k`,
/// `GS ( k`, `DLE EOT`, `LF`, `CR`, `HT`. Text bytes are decoded with the code page the
/// printer would use: the profile's code page for the profile's table number, CP437 for
/// table 0 (the power-on default), and `�` for any other table, so a wrong table number
/// shows up in the preview as it would on paper. A line longer than the paper wraps as on
/// the printer. Unknown commands show as `⟨1B xx⟩`, never silently.
public struct ReceiptPreview: Sendable {
    /// The printer whose output is previewed.
    public let profile: PrinterProfile

    public init(profile: PrinterProfile) { self.profile = profile }

    /// The preview as text: one line per printed line, cuts as a `✂` line; with `framed`,
    /// each line sits between `|` borders so the paper width shows.
    public func render(_ bytes: [UInt8], framed: Bool = false) -> String {
        let width = profile.columns
        var out: [String] = []
        if framed { out.append("+" + String(repeating: "-", count: width) + "+") }
        for line in lines(bytes) {
            let text: String
            switch line.kind {
            case .cut: text = "✂" + String(repeating: "┄", count: max(0, width - 1))
            default: text = line.text
            }
            if framed {
                let pad = max(0, width - text.count)
                out.append("|" + text + String(repeating: " ", count: pad) + "|")
            } else {
                out.append(text)
            }
        }
        if framed { out.append("+" + String(repeating: "-", count: width) + "+") }
        return out.joined(separator: "\n") + "\n"
    }

    /// The printed lines of `bytes`, in order.
    public func lines(_ bytes: [UInt8]) -> [PreviewLine] {
        var machine = Machine(profile: profile)
        machine.run(bytes)
        // A line the stream started but never ended with LF is still in the printer's buffer;
        // it is shown as the printer would print it when more data comes.
        machine.endLineIfStarted()
        return machine.output
    }
}

/// The interpreter's state: the printer modes and the line being assembled.
private struct Machine {
    let profile: PrinterProfile
    var output: [PreviewLine] = []
    var table: UInt8 = 0
    var alignment: EscPosEncoder.Alignment = .left
    var bold = false
    var widthFactor = 1
    var heightFactor = 1
    var cells: [(Character, Int)] = []
    var lineAlignment: EscPosEncoder.Alignment = .left
    var lineBold = false
    var lineTall = false
    var hriBelow = false
    var moduleWidth = 3
    var qrData: [UInt8] = []

    init(profile: PrinterProfile) { self.profile = profile }

    var usedColumns: Int { cells.reduce(0) { $0 + $1.1 } }

    mutating func reset() {
        table = 0
        alignment = .left
        bold = false
        widthFactor = 1
        heightFactor = 1
        hriBelow = false
        moduleWidth = 3
        qrData = []
    }

    func character(for byte: UInt8) -> Character {
        let codePage: CodePage?
        if table == profile.codePageTable { codePage = profile.codePage } else if table == 0 { codePage = .cp437 } else { codePage = nil }
        if byte < 0x80 { return Character(Unicode.Scalar(byte)) }
        guard let codePage, let scalar = codePage.character(for: byte) else { return "�" }
        return Character(scalar)
    }

    mutating func put(_ character: Character) {
        if cells.isEmpty {
            lineAlignment = alignment
        }
        if usedColumns + widthFactor > profile.columns { flush() ; lineAlignment = alignment }
        cells.append((character, widthFactor))
        lineBold = lineBold || bold
        lineTall = lineTall || heightFactor > 1
    }

    /// Prints the assembled line (LF), even when empty.
    mutating func flush() {
        var text = ""
        for (character, width) in cells {
            text.append(character)
            if width > 1 { text += String(repeating: " ", count: width - 1) }
        }
        let used = usedColumns
        let free = max(0, profile.columns - used)
        switch lineAlignment {
        case .left: break
        case .center: text = String(repeating: " ", count: free / 2) + text
        case .right: text = String(repeating: " ", count: free) + text
        }
        output.append(PreviewLine(text: trimmedRight(text), bold: lineBold, tall: lineTall))
        cells = []
        lineBold = false
        lineTall = false
    }

    /// Flushes only when something is pending (commands that print "at the start of a line").
    mutating func endLineIfStarted() {
        if !cells.isEmpty { flush() }
    }

    func trimmedRight(_ text: String) -> String {
        var text = text
        while text.last == " " { text.removeLast() }
        return text
    }

    func centered(_ text: String) -> String {
        let free = max(0, profile.columns - text.count)
        return trimmedRight(String(repeating: " ", count: free / 2) + text)
    }

    mutating func unknown(_ bytes: ArraySlice<UInt8>) {
        let hex = bytes.map { String($0, radix: 16, uppercase: true) }.map { $0.count == 1 ? "0" + $0 : $0 }
        for character in "⟨" + hex.joined(separator: " ") + "⟩" { put(character) }
    }

    mutating func run(_ bytes: [UInt8]) {
        var i = 0
        func at(_ offset: Int) -> UInt8? { i + offset < bytes.count ? bytes[i + offset] : nil }
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case 0x0A:
                flush(); i += 1
            case 0x0D:
                i += 1
            case 0x09:
                put(" "); i += 1
            case 0x10:
                // DLE EOT n / DLE ENQ n: real-time requests, nothing printed.
                i += at(1) == 0x04 || at(1) == 0x05 ? 3 : 1
            case 0x1B:
                guard let command = at(1) else { i += 1; continue }
                switch command {
                case 0x40: reset(); i += 2
                case 0x74: table = at(2) ?? 0; i += 3
                case 0x45: bold = (at(2) ?? 0) & 1 == 1; i += 3
                case 0x61:
                    let n = at(2) ?? 0
                    alignment = EscPosEncoder.Alignment(rawValue: n >= 48 ? n - 48 : n) ?? .left
                    i += 3
                case 0x64:
                    let n = Int(at(2) ?? 0)
                    flush()
                    for _ in 0..<max(0, n - 1) { flush() }
                    i += 3
                case 0x21:
                    let n = at(2) ?? 0
                    bold = n & 0x08 != 0
                    heightFactor = n & 0x10 != 0 ? 2 : 1
                    widthFactor = n & 0x20 != 0 ? 2 : 1
                    i += 3
                default:
                    unknown(bytes[i..<min(bytes.count, i + 2)]); i += 2
                }
            case 0x1D:
                guard let command = at(1) else { i += 1; continue }
                switch command {
                case 0x21:
                    let n = at(2) ?? 0
                    widthFactor = Int(n >> 4) + 1
                    heightFactor = Int(n & 0x0F) + 1
                    i += 3
                case 0x56:
                    let m = at(2) ?? 0
                    endLineIfStarted()
                    if m == 65 || m == 66 {
                        for _ in 0..<Int(at(3) ?? 0) / 24 { flush() }
                        i += 4
                    } else {
                        i += 3
                    }
                    output.append(PreviewLine(text: "", kind: .cut))
                case 0x48: hriBelow = (at(2) ?? 0) & 2 != 0; i += 3
                case 0x66, 0x68: i += 3
                case 0x77: moduleWidth = Int(at(2) ?? 3); i += 3
                case 0x6B:
                    i = barcode(bytes, from: i)
                case 0x28:
                    i = function(bytes, from: i)
                default:
                    unknown(bytes[i..<min(bytes.count, i + 2)]); i += 2
                }
            case 0x00..<0x20, 0x7F:
                unknown(bytes[i...i]); i += 1
            default:
                put(character(for: byte)); i += 1
            }
        }
    }

    /// `GS k m …`: function A (m 0…6, data ends with NUL) or B (m 65…, length byte).
    mutating func barcode(_ bytes: [UInt8], from start: Int) -> Int {
        guard start + 2 < bytes.count else { return bytes.count }
        let m = bytes[start + 2]
        var data: [UInt8]
        var next: Int
        if m <= 6 {
            var end = start + 3
            while end < bytes.count && bytes[end] != 0 { end += 1 }
            data = Array(bytes[(start + 3)..<end])
            next = min(bytes.count, end + 1)
        } else {
            guard start + 3 < bytes.count else { return bytes.count }
            let n = Int(bytes[start + 3])
            next = min(bytes.count, start + 4 + n)
            data = Array(bytes[(start + 4)..<next])
        }
        endLineIfStarted()
        let digits = String(decoding: data, as: UTF8.self)
        let isEAN13 = m == 2 || m == 67
        var human = digits
        if isEAN13, digits.count == 12, let code = EAN13(completing: digits) { human = code.digits }
        if isEAN13, digits.count == 13 { human = digits }
        // Font A is 12 dots wide: a column is 12 dots on 58 and 80 mm paper alike.
        let barColumns = min(profile.columns, max(8, (isEAN13 ? 95 : 11 * data.count) * moduleWidth / 12))
        let bars = String(repeating: "█", count: barColumns)
        output.append(PreviewLine(text: centered(bars), kind: .barcode))
        output.append(PreviewLine(text: centered(bars), kind: .barcode))
        if hriBelow { output.append(PreviewLine(text: centered(human))) }
        return next
    }

    /// `GS ( k pL pH cn fn …` (QR code) and other `GS (` functions, skipped by their length.
    mutating func function(_ bytes: [UInt8], from start: Int) -> Int {
        guard start + 4 < bytes.count else { return bytes.count }
        let kind = bytes[start + 2]
        let length = Int(bytes[start + 3]) | Int(bytes[start + 4]) << 8
        let body = (start + 5)..<min(bytes.count, start + 5 + length)
        let next = body.upperBound
        guard kind == 0x6B, body.count >= 3, bytes[body.lowerBound] == 0x31 else { return next }
        let fn = bytes[body.lowerBound + 1]
        if fn == 0x50 { qrData = Array(bytes[(body.lowerBound + 3)..<body.upperBound]) }
        if fn == 0x51 {
            endLineIfStarted()
            let text = String(decoding: qrData, as: UTF8.self)
            let shown = text.count > profile.columns - 6 ? String(text.prefix(profile.columns - 7)) + "…" : text
            output.append(PreviewLine(text: centered("[QR \(shown)]"), kind: .qrCode))
        }
        return next
    }
}
