import Identity

/// How a run of text looks on paper.
public struct TextStyle: Sendable, Equatable, Hashable {
    /// Emphasized (bold), `ESC E 1`.
    public var bold: Bool
    /// Double width and double height, `GS ! 0x11`: each character takes two columns.
    public var doubleSize: Bool
    /// Where the line sits, `ESC a n`.
    public var alignment: EscPosEncoder.Alignment

    public init(bold: Bool = false, doubleSize: Bool = false, alignment: EscPosEncoder.Alignment = .left) {
        self.bold = bold
        self.doubleSize = doubleSize
        self.alignment = alignment
    }

    /// Normal size, not bold, left aligned (the state after `ESC @`).
    public static let plain = TextStyle()
    /// Bold, left aligned.
    public static let bold = TextStyle(bold: true)
    /// Bold and centered: block titles.
    public static let title = TextStyle(bold: true, alignment: .center)
    /// Normal, centered.
    public static let centered = TextStyle(alignment: .center)
}

/// One printable element of a receipt, before it is laid out for a paper width.
public enum ReceiptElement: Sendable, Equatable {
    /// A paragraph, word-wrapped to the paper width (a word longer than a line is split).
    case text(String, TextStyle)
    /// A label on the left and a value flush right on the same line when both fit
    /// (`Total ............ 7,00 €` without the dots); the label wraps, the value never splits.
    case pair(String, String, TextStyle)
    /// A table row: the paper width split into equal columns, the first cell flush left, the
    /// others flush right; a cell too wide for its column is cut (amounts are kept short).
    case columns([String], TextStyle)
    /// A full-width line of one character (`------`).
    case rule(Character)
    /// An empty line.
    case blankLine
    /// An EAN-13 barcode, centered, its digits printed below it by the printer.
    case ean13(EAN13)
    /// A QR code, centered, holding `data` (UTF-8).
    case qrCode(String)
}
