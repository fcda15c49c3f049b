/// One line as it will print: encoded text, a barcode or a QR code.
public enum PrintLine: Sendable, Equatable {
    /// Encoded text (one byte per character) in a style; never wider than the paper.
    case text([UInt8], TextStyle)
    /// An EAN-13 barcode (13 digits), centered, digits below.
    case ean13(String)
    /// A QR code holding these bytes, centered.
    case qrCode([UInt8])
}

/// Lays receipt elements out for a paper width and a code page. Pure.
///
/// Guarantees: every text line fits `columns` (double-size text counts two columns per
/// character); words are kept whole where possible (see `WordWrapper`); a `pair` keeps its
/// value flush right and whole.
public struct ReceiptLayout: Sendable {
    /// Characters per line at normal size.
    public let columns: Int
    /// The code page text is encoded for.
    public let codePage: CodePage

    public init(columns: Int, codePage: CodePage) {
        self.columns = max(1, columns)
        self.codePage = codePage
    }

    /// The layout for a printer profile.
    public init(profile: PrinterProfile) {
        self.init(columns: profile.columns, codePage: profile.codePage)
    }

    /// Columns available to text in `style`.
    public func width(for style: TextStyle) -> Int { style.doubleSize ? max(1, columns / 2) : columns }

    /// The printed lines of `elements`, in order.
    public func lines(_ elements: [ReceiptElement]) -> [PrintLine] {
        var result: [PrintLine] = []
        for element in elements { append(element, to: &result) }
        return result
    }

    private func append(_ element: ReceiptElement, to result: inout [PrintLine]) {
        switch element {
        case .text(let text, let style):
            let wrapper = WordWrapper(width: width(for: style), codePage: codePage)
            for line in wrapper.lines(text) { result.append(.text(line, style)) }
        case .pair(let label, let value, let style):
            for line in pairLines(label, value, width: width(for: style)) {
                result.append(.text(line, TextStyle(bold: style.bold, doubleSize: style.doubleSize, alignment: .left)))
            }
        case .columns(let cells, let style):
            result.append(.text(columnLine(cells, width: width(for: style)), TextStyle(bold: style.bold, doubleSize: style.doubleSize, alignment: .left)))
        case .rule(let character):
            var one: [UInt8] = []
            CodePageTextEncoder(codePage: codePage).encode(character, into: &one)
            let unit = one.first ?? UInt8(ascii: "-")
            result.append(.text([UInt8](repeating: unit, count: columns), .plain))
        case .blankLine:
            result.append(.text([], .plain))
        case .ean13(let code):
            result.append(.ean13(code.digits))
        case .qrCode(let data):
            result.append(.qrCode(Array(data.utf8)))
        }
    }

    /// Cells in equal columns (the first one takes the remainder), first flush left, others
    /// flush right, at least one space between neighbours.
    func columnLine(_ cells: [String], width: Int) -> [UInt8] {
        guard !cells.isEmpty else { return [] }
        let encoder = CodePageTextEncoder(codePage: codePage)
        let other = cells.count > 1 ? width / cells.count : 0
        let first = width - other * (cells.count - 1)
        var line: [UInt8] = []
        for (index, cell) in cells.enumerated() {
            var bytes = encoder.encode(cell)
            if index == 0 {
                bytes = Array(bytes.prefix(max(0, first - (cells.count > 1 ? 1 : 0))))
                line += bytes + [UInt8](repeating: 0x20, count: max(0, first - bytes.count))
            } else {
                bytes = Array(bytes.prefix(max(0, other - 1)))
                line += [UInt8](repeating: 0x20, count: other - bytes.count) + bytes
            }
        }
        return line
    }

    /// `label` wrapped on the left, `value` flush right on the label's last line when it fits
    /// there (one space at least between them), else flush right on a line of its own.
    func pairLines(_ label: String, _ value: String, width: Int) -> [[UInt8]] {
        let encoder = CodePageTextEncoder(codePage: codePage)
        var valueBytes = encoder.encode(value)
        if valueBytes.count > width { valueBytes = Array(valueBytes.prefix(width)) }
        var lines = WordWrapper(width: width, codePage: codePage).lines(label)
        if valueBytes.isEmpty { return lines }
        let last = lines.popLast() ?? []
        if last.count + (last.isEmpty ? 0 : 1) + valueBytes.count <= width {
            let gap = width - last.count - valueBytes.count
            lines.append(last + [UInt8](repeating: 0x20, count: gap) + valueBytes)
        } else {
            lines.append(last)
            lines.append([UInt8](repeating: 0x20, count: width - valueBytes.count) + valueBytes)
        }
        return lines
    }
}
