import Receipt
import Testing

/// Each command's exact bytes, as the Epson ESC/POS reference defines them.
struct EscPosEncoderTests {
    struct Command: Sendable, CustomStringConvertible {
        let name: String
        let build: @Sendable (inout EscPosEncoder) -> Void
        let bytes: [UInt8]
        var description: String { name }
    }

    static let commands: [Command] = [
        Command(name: "ESC @ initialize", build: { $0.initialize() }, bytes: [0x1B, 0x40]),
        Command(name: "ESC t 19 selects CP858 on Epson", build: { $0.selectCodePage(.cp858, table: 19) }, bytes: [0x1B, 0x74, 19]),
        Command(name: "ESC t 4 selects CP858 on Star", build: { $0.selectCodePage(.cp858, table: 4) }, bytes: [0x1B, 0x74, 4]),
        Command(name: "ESC E 1 bold on", build: { $0.emphasis(true) }, bytes: [0x1B, 0x45, 1]),
        Command(name: "ESC E 0 bold off", build: { $0.emphasis(false) }, bytes: [0x1B, 0x45, 0]),
        Command(name: "ESC a 1 center", build: { $0.align(.center) }, bytes: [0x1B, 0x61, 1]),
        Command(name: "ESC a 2 right", build: { $0.align(.right) }, bytes: [0x1B, 0x61, 2]),
        Command(name: "GS ! 0x11 double size", build: { $0.size(width: 2, height: 2) }, bytes: [0x1D, 0x21, 0x11]),
        Command(name: "GS ! 0x00 normal size", build: { $0.size(width: 1, height: 1) }, bytes: [0x1D, 0x21, 0x00]),
        Command(name: "LF", build: { $0.lineFeed() }, bytes: [0x0A]),
        Command(name: "ESC d 4 feed four lines", build: { $0.feed(lines: 4) }, bytes: [0x1B, 0x64, 4]),
        Command(name: "GS V 0 full cut", build: { $0.cut(.full) }, bytes: [0x1D, 0x56, 0]),
        Command(name: "GS V 1 partial cut", build: { $0.cut(.partial) }, bytes: [0x1D, 0x56, 1]),
        Command(
            name: "EAN-13 with HRI below: GS H 2, GS f 0, GS h 80, GS w 2, GS k 67 12 + 12 digits",
            build: { $0.ean13("5550000000012", height: 80, moduleWidth: 2) },
            bytes: [0x1D, 0x48, 2, 0x1D, 0x66, 0, 0x1D, 0x68, 80, 0x1D, 0x77, 2, 0x1D, 0x6B, 67, 12] + Array("555000000001".utf8)),
        Command(
            name: "QR code 'AB': model 2, size 6, level M, store, print",
            build: { $0.qrCode(Array("AB".utf8), moduleSize: 6, errorCorrection: .medium) },
            bytes: [0x1D, 0x28, 0x6B, 4, 0, 0x31, 0x41, 0x32, 0,
                    0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x43, 6,
                    0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x45, 0x31,
                    0x1D, 0x28, 0x6B, 5, 0, 0x31, 0x50, 0x30, 0x41, 0x42,
                    0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x51, 0x30]),
    ]

    @Test("command bytes", arguments: commands)
    func commandBytes(_ command: Command) {
        var encoder = EscPosEncoder()
        command.build(&encoder)
        #expect(encoder.bytes == command.bytes, "\(command.name)")
    }

    @Test("DLE EOT n real-time status requests", arguments: [UInt8(1), 2, 3, 4])
    func statusRequest(_ n: UInt8) {
        #expect(EscPosEncoder.statusRequest(n) == [0x10, 0x04, n])
    }

    @Test("a QR code of 300 bytes carries its length little-endian (303 = 0x2F 0x01)")
    func qrLength() {
        var encoder = EscPosEncoder()
        let accepted = encoder.qrCode([UInt8](repeating: 0x41, count: 300))
        #expect(accepted)
        let store = encoder.bytes[25..<33]
        #expect(Array(store) == [0x1D, 0x28, 0x6B, 0x2F, 0x01, 0x31, 0x50, 0x30])
    }

    @Test("invalid barcode and QR input emit nothing")
    func invalidInputs() {
        var encoder = EscPosEncoder()
        let elevenDigits = encoder.ean13("55500000001")
        let notDigits = encoder.ean13("555000000001X")
        let emptyQR = encoder.qrCode([])
        let longQR = encoder.qrCode([UInt8](repeating: 0x30, count: 7_090))
        #expect(!elevenDigits && !notDigits && !emptyQR && !longQR, "all refused")
        #expect(encoder.bytes.isEmpty)
    }

    @Test("text is encoded for the selected code page and cannot inject commands")
    func textEncoding() {
        var encoder = EscPosEncoder()
        encoder.selectCodePage(.wpc1252, table: 16)
        encoder.text("5 €\u{1B}@")
        #expect(encoder.bytes == [0x1B, 0x74, 16, 0x35, 0x20, 0x80, 0x40])
        encoder.encodedText([0x41, 0x0A, 0x1D, 0x42])
        #expect(encoder.bytes.suffix(2) == [0x41, 0x42], "control bytes in pre-encoded text are dropped")
    }
}
