/// Builds an ESC/POS byte stream, one command at a time. Pure and byte-exact.
///
/// Every method appends the exact bytes of one ESC/POS command (named in its doc comment)
/// to `bytes`; nothing is buffered, reordered or added behind the caller's back. Text goes
/// through a `CodePageTextEncoder`, so no text can inject a control code.
public struct EscPosEncoder: Sendable {
    /// The bytes built so far.
    public private(set) var bytes: [UInt8] = []
    /// The code page text is encoded for; set by `selectCodePage(_:table:)`.
    public private(set) var codePage: CodePage

    /// Alignment of the lines that follow (`ESC a n`).
    public enum Alignment: UInt8, Sendable {
        case left = 0, center = 1, right = 2
    }

    /// The paper cut (`GS V m`).
    public enum Cut: String, Sendable, CaseIterable {
        /// `GS V 0`: cut through.
        case full
        /// `GS V 1`: leave a hinge so the receipt hangs until torn.
        case partial
    }

    /// Error-correction level of a QR code (`GS ( k` function 169).
    public enum QRErrorCorrection: UInt8, Sendable {
        case low = 48, medium = 49, quartile = 50, high = 51
    }

    /// A new, empty stream whose text is encoded in `codePage` (no command is emitted:
    /// call `initialize()` and `selectCodePage(_:table:)` to start a job).
    public init(codePage: CodePage = .cp437) {
        self.codePage = codePage
        bytes.reserveCapacity(512)
    }

    /// `ESC @` (1B 40): clears the print buffer and resets every mode to the power-on default,
    /// so nothing a previous job left behind (size, emphasis, code page) leaks into this one.
    public mutating func initialize() {
        bytes += [0x1B, 0x40]
    }

    /// `ESC t n` (1B 74 n): selects character code table `table`, which must hold `codePage`
    /// on this printer (the number differs by maker; it comes from `PrinterProfile`).
    public mutating func selectCodePage(_ codePage: CodePage, table: UInt8) {
        self.codePage = codePage
        bytes += [0x1B, 0x74, table]
    }

    /// Appends `text` encoded for the current code page (no line feed).
    public mutating func text(_ text: String) {
        CodePageTextEncoder(codePage: codePage).encode(text, into: &bytes)
    }

    /// Appends bytes that are already encoded for the current code page. Control codes
    /// (below 0x20, 0x7F) are dropped so that raw text can never become a command.
    public mutating func encodedText(_ encoded: [UInt8]) {
        for byte in encoded where byte >= 0x20 && byte != 0x7F { bytes.append(byte) }
    }

    /// `LF` (0A): prints the line buffer and feeds one line.
    public mutating func lineFeed() {
        bytes.append(0x0A)
    }

    /// `ESC d n` (1B 64 n): prints the buffer and feeds `lines` lines (0...255).
    public mutating func feed(lines: Int) {
        bytes += [0x1B, 0x64, UInt8(clamping: lines)]
    }

    /// `ESC E n` (1B 45 n): emphasized (bold) on or off.
    public mutating func emphasis(_ on: Bool) {
        bytes += [0x1B, 0x45, on ? 1 : 0]
    }

    /// `ESC a n` (1B 61 n): alignment of the following lines; takes effect at a line start.
    public mutating func align(_ alignment: Alignment) {
        bytes += [0x1B, 0x61, alignment.rawValue]
    }

    /// `GS ! n` (1D 21 n): character size; width and height multipliers 1...8.
    /// Double size is `size(width: 2, height: 2)` = `GS ! 0x11`.
    public mutating func size(width: Int, height: Int) {
        let w = UInt8(clamping: min(max(width, 1), 8) - 1)
        let h = UInt8(clamping: min(max(height, 1), 8) - 1)
        bytes += [0x1D, 0x21, (w << 4) | h]
    }

    /// `GS V m` (1D 56 00 full, 1D 56 01 partial): cuts the paper at the current position.
    public mutating func cut(_ cut: Cut) {
        bytes += [0x1D, 0x56, cut == .full ? 0 : 1]
    }

    /// An EAN-13 barcode with its human-readable digits printed below:
    /// `GS H 2` (1D 48 02, HRI below), `GS f 0` (1D 66 00, HRI font A),
    /// `GS h height` (1D 68 h), `GS w moduleWidth` (1D 77 w), then
    /// `GS k 67 12 d1…d12` (1D 6B 43 0C …, function B): the first twelve digits only, the
    /// printer computes and prints the check digit, so a printed code is always valid.
    /// - Parameters:
    ///   - digits: the code's digits; only the first twelve are sent. Must be 12 or 13 ASCII digits.
    ///   - height: bar height in dots (1...255).
    ///   - moduleWidth: width of the thinnest bar in dots (2...6).
    /// - Returns: false (and emits nothing) when `digits` is not 12 or 13 ASCII digits.
    @discardableResult
    public mutating func ean13(_ digits: String, height: Int = 80, moduleWidth: Int = 2) -> Bool {
        let ascii = Array(digits.utf8)
        guard ascii.count == 12 || ascii.count == 13, ascii.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return false
        }
        bytes += [0x1D, 0x48, 0x02]
        bytes += [0x1D, 0x66, 0x00]
        bytes += [0x1D, 0x68, UInt8(clamping: max(1, height))]
        bytes += [0x1D, 0x77, UInt8(clamping: min(max(moduleWidth, 2), 6))]
        bytes += [0x1D, 0x6B, 0x43, 0x0C]
        bytes += ascii[0..<12]
        return true
    }

    /// A QR code (model 2) holding `data`, with the `GS ( k` functions 165 (model),
    /// 167 (module size), 169 (error correction), 180 (store data) and 181 (print):
    /// `1D 28 6B 04 00 31 41 32 00`, `1D 28 6B 03 00 31 43 n`, `1D 28 6B 03 00 31 45 n`,
    /// `1D 28 6B pL pH 31 50 30 d…`, `1D 28 6B 03 00 31 51 30`.
    /// - Returns: false (and emits nothing) when `data` is empty or longer than 7,089 bytes.
    @discardableResult
    public mutating func qrCode(_ data: [UInt8], moduleSize: Int = 6, errorCorrection: QRErrorCorrection = .medium) -> Bool {
        guard !data.isEmpty, data.count <= Self.maximumQRDataBytes else { return false }
        bytes += [0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]
        bytes += [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, UInt8(clamping: min(max(moduleSize, 1), 16))]
        bytes += [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, errorCorrection.rawValue]
        let length = data.count + 3
        bytes += [0x1D, 0x28, 0x6B, UInt8(length & 0xFF), UInt8(length >> 8), 0x31, 0x50, 0x30]
        bytes += data
        bytes += [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30]
        return true
    }

    /// The most data a QR code symbol can store (numeric mode, version 40, level L).
    public static let maximumQRDataBytes = 7_089

    /// `DLE EOT n` (10 04 n): the real-time status request for `n` = 1 (printer),
    /// 2 (offline cause), 3 (error cause) or 4 (paper roll sensor). The printer answers one byte.
    public static func statusRequest(_ n: UInt8) -> [UInt8] { [0x10, 0x04, n] }
}
