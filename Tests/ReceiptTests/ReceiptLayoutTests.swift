import Identity
import Receipt
import Testing

struct ReceiptLayoutTests {
    let layout = ReceiptLayout(columns: 32, codePage: .cp858)

    func texts(_ lines: [PrintLine]) -> [String] {
        lines.compactMap { line in
            guard case .text(let bytes, _) = line else { return nil }
            return String(String.UnicodeScalarView(bytes.map { CodePage.cp858.character(for: $0) ?? "?" }))
        }
    }

    @Test("a pair puts the value flush right on the label's line")
    func pairOnOneLine() {
        #expect(texts(layout.lines([.pair("Total", "7,00 €", .bold)])) == ["Total" + String(repeating: " ", count: 21) + "7,00 €"])
    }

    @Test("a long label wraps; the value goes on the last line when it fits")
    func pairWrapped() {
        let lines = texts(layout.lines([.pair("Cappuccino grand format à emporter", "10,50", .plain)]))
        #expect(lines == ["Cappuccino grand format", "à emporter" + String(repeating: " ", count: 17) + "10,50"])
    }

    @Test("a value that cannot share the last line gets its own, flush right")
    func pairValueOnOwnLine() {
        let lines = texts(layout.lines([.pair("Boisson chaude et viennoiserie", "100,50 €", .plain)]))
        #expect(lines.last == String(repeating: " ", count: 24) + "100,50 €")
        #expect(lines.allSatisfy { $0.count <= 32 })
    }

    @Test("double-size text wraps at half the columns")
    func doubleSize() {
        let lines = texts(layout.lines([.text("Bon de fidélité 5 €", TextStyle(bold: true, doubleSize: true, alignment: .center))]))
        #expect(lines == ["Bon de fidélité", "5 €"])
    }

    @Test("a rule fills the width; a barcode keeps its thirteen digits")
    func ruleAndBarcode() throws {
        let code = try EAN13(validating: "5550000000012")
        let lines = layout.lines([.rule("="), .ean13(code)])
        #expect(lines == [.text([UInt8](repeating: 0x3D, count: 32), .plain), .ean13("5550000000012")])
    }
}
