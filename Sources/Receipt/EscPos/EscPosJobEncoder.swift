/// Encodes a whole print job for one printer profile. Pure and byte-exact.
///
/// Every job is, in this order: `ESC @` (so no state of a previous job leaks in),
/// `ESC t n` with the profile's table number, the lines (style commands emitted only when the
/// style changes, each text line ended by `LF`), then `ESC d n` with the profile's feed and
/// the profile's cut (`GS V 0`/`GS V 1`), or the feed alone on a printer without a cutter.
public struct EscPosJobEncoder: Sendable {
    /// The printer the job is for.
    public let profile: PrinterProfile

    public init(profile: PrinterProfile) { self.profile = profile }

    /// The bytes of a job printing `elements`, laid out for the profile's width.
    public func encode(_ elements: [ReceiptElement]) -> [UInt8] {
        encode(lines: ReceiptLayout(profile: profile).lines(elements))
    }

    /// The bytes of a job printing already laid-out `lines`.
    public func encode(lines: [PrintLine]) -> [UInt8] {
        var out = EscPosEncoder(codePage: profile.codePage)
        out.initialize()
        out.selectCodePage(profile.codePage, table: profile.codePageTable)
        var current = TextStyle.plain
        for line in lines {
            switch line {
            case .text(var bytes, let style):
                // Trailing spaces print nothing (and would shift centered or right-aligned text).
                while bytes.last == 0x20 { bytes.removeLast() }
                apply(style, over: &current, to: &out)
                out.encodedText(bytes)
                out.lineFeed()
            case .ean13(let digits):
                apply(TextStyle(bold: current.bold, doubleSize: false, alignment: .center), over: &current, to: &out)
                out.ean13(digits, height: Self.barcodeHeight, moduleWidth: profile.barcodeModuleWidth)
            case .qrCode(let data):
                apply(TextStyle(bold: current.bold, doubleSize: false, alignment: .center), over: &current, to: &out)
                out.qrCode(data, moduleSize: profile.columns >= 42 ? 6 : 4)
            }
        }
        out.feed(lines: profile.feedLinesBeforeCut)
        if let cut = profile.cut { out.cut(cut) }
        return out.bytes
    }

    /// Bar height of EAN-13 barcodes in dots (10 mm at 203 dpi).
    public static let barcodeHeight = 80

    private func apply(_ style: TextStyle, over current: inout TextStyle, to out: inout EscPosEncoder) {
        if style.alignment != current.alignment { out.align(style.alignment) }
        if style.bold != current.bold { out.emphasis(style.bold) }
        if style.doubleSize != current.doubleSize { out.size(width: style.doubleSize ? 2 : 1, height: style.doubleSize ? 2 : 1) }
        current = style
    }
}
