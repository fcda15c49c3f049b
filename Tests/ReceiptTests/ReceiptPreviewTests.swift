import Foundation
import Identity
import Receipt
import Testing

struct ReceiptPreviewTests {
    let profile = PrinterProfile(columns: 32, codePage: .cp858, codePageTable: 19)

    @Test("the preview shows the footer as printed: centered title, wrapped lines, cut")
    func footer() {
        let bytes = EscPosJobEncoder(profile: profile).encode(FooterBlock.elements(["Loyalty Program", "Available reward: -5 € (reached at 500 pts)"]))
        let lines = ReceiptPreview(profile: profile).lines(bytes)
        #expect(lines.map(\.text) == [
            String(repeating: "-", count: 32),
            "        Loyalty Program",
            "Available reward: -5 € (reached",
            "at 500 pts)",
            "", "", "", "",
            "",
        ])
        #expect(lines[1].bold && !lines[2].bold)
        #expect(lines.last?.kind == .cut)
    }

    @Test("with the wrong table number the preview shows what the printer would: not €")
    func wrongTable() {
        let bytes = EscPosJobEncoder(profile: PrinterProfile(columns: 32, codePage: .cp858, codePageTable: 19)).encode([.text("5 €", .plain)])
        let starPreview = ReceiptPreview(profile: PrinterProfile(columns: 32, codePage: .cp858, codePageTable: 4))
        #expect(starPreview.lines(bytes).first?.text == "5 �")
        #expect(ReceiptPreview(profile: profile).lines(bytes).first?.text == "5 €")
    }

    @Test("double-size characters take two columns, centered on the paper")
    func doubleSize() {
        let bytes = EscPosJobEncoder(profile: profile).encode([.text("5 €", TextStyle(doubleSize: true, alignment: .center))])
        let line = ReceiptPreview(profile: profile).lines(bytes)[0]
        #expect(line.text == String(repeating: " ", count: 13) + "5   €")
        #expect(line.tall)
    }

    @Test("an EAN-13 shows as bars with the thirteen digits below, check digit computed")
    func barcode() throws {
        let bytes = EscPosJobEncoder(profile: profile).encode([.ean13(try EAN13(validating: "5550000000012"))])
        let lines = ReceiptPreview(profile: profile).lines(bytes)
        #expect(lines.prefix(2).allSatisfy { $0.kind == .barcode })
        #expect(lines[2].text.trimmingCharacters(in: .whitespaces) == "5550000000012")
    }

    @Test("text longer than the paper wraps as the printer wraps it")
    func autoWrap() {
        var encoder = EscPosEncoder(codePage: .cp858)
        encoder.text(String(repeating: "x", count: 40))
        encoder.lineFeed()
        #expect(ReceiptPreview(profile: profile).lines(encoder.bytes).map(\.text) == [String(repeating: "x", count: 32), String(repeating: "x", count: 8)])
    }

    @Test("unknown commands are shown, not hidden")
    func unknownCommand() {
        #expect(ReceiptPreview(profile: profile).lines([0x1B, 0x70, 0x41, 0x0A]).first?.text == "⟨1B 70⟩A")
    }
}
