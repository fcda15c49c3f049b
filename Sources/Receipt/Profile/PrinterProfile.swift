/// What the kiosk must know about a receipt printer to print on it correctly.
///
/// The code page's table number is part of the profile, not derived from the code page:
/// the same CP858 is `ESC t 19` on Epson and `ESC t 4` on Star, and a wrong number prints
/// the wrong glyph where `€` should be. `PrinterMaker` supplies known numbers; a profile may
/// always state its own.
public struct PrinterProfile: Sendable, Equatable {
    /// Characters per line in font A: 32 on 58 mm paper, 42 or 48 on 80 mm paper.
    public var columns: Int
    /// The character set text is encoded in.
    public var codePage: CodePage
    /// The `n` of `ESC t n` that selects `codePage` on this printer.
    public var codePageTable: UInt8
    /// The cut at the end of a job; nil for printers without a cutter (tear-off).
    public var cut: EscPosEncoder.Cut?
    /// Lines fed before the cut, so the last printed line clears the cutter blade.
    public var feedLinesBeforeCut: Int
    /// Whether the printer answers `DLE EOT` real-time status requests.
    public var answersStatus: Bool

    /// The accepted range of `columns`.
    public static let columnRange = 24...64
    /// The accepted range of `feedLinesBeforeCut`.
    public static let feedRange = 0...20

    public init(
        columns: Int, codePage: CodePage, codePageTable: UInt8, cut: EscPosEncoder.Cut? = .partial,
        feedLinesBeforeCut: Int = 4, answersStatus: Bool = true
    ) {
        self.columns = columns
        self.codePage = codePage
        self.codePageTable = codePageTable
        self.cut = cut
        self.feedLinesBeforeCut = feedLinesBeforeCut
        self.answersStatus = answersStatus
    }

    /// An Epson-style 80 mm printer (42 columns, CP858 = table 19, partial cut, answers status).
    public static let epson80mm = PrinterProfile(columns: 42, codePage: .cp858, codePageTable: 19)
    /// An Epson-style 58 mm printer (32 columns, CP858 = table 19, partial cut, answers status).
    public static let epson58mm = PrinterProfile(columns: 32, codePage: .cp858, codePageTable: 19)
    /// A Star printer in ESC/POS mode, 80 mm (48 columns, CP858 = table 4, partial cut).
    public static let star80mm = PrinterProfile(columns: 48, codePage: .cp858, codePageTable: 4)

    /// Width in dots of the thinnest EAN-13 bar: 2 on 58 mm paper, 3 on 80 mm paper.
    public var barcodeModuleWidth: Int { columns >= 42 ? 3 : 2 }
}

/// Printer makers whose code page table numbers are known.
public enum PrinterMaker: String, Sendable, CaseIterable {
    /// Epson and the many Epson-compatible printers (Bixolon, Citizen, Xprinter, Rongta…).
    case epson
    /// Star Micronics printers in ESC/POS emulation.
    case star

    /// The `ESC t` table number of `codePage` on this maker's printers, or nil when unknown.
    public func table(for codePage: CodePage) -> UInt8? {
        switch (self, codePage) {
        case (.epson, .cp437): return 0
        case (.epson, .cp850): return 2
        case (.epson, .wpc1252): return 16
        case (.epson, .cp858): return 19
        case (.star, .cp437): return 1
        case (.star, .cp858): return 4
        case (.star, .wpc1252): return 32
        case (.star, .cp850): return nil
        }
    }
}
