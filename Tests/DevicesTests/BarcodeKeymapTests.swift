import Testing
@testable import Devices

/// Every digit on the `us` and `be` layouts (and `fr`, `de`), Shift, CapsLock and AltGr.
@Suite("Barcode keymaps")
struct BarcodeKeymapTests {
    /// KEY_1 … KEY_9, KEY_0 and the digit each stands for.
    static let numberRow: [(code: UInt16, digit: Character)] = [
        (2, "1"), (3, "2"), (4, "3"), (5, "4"), (6, "5"), (7, "6"), (8, "7"), (9, "8"), (10, "9"), (11, "0"),
    ]

    @Test("us: every digit is the unshifted number row; shifted gives !@#$%^&*()", arguments: zip(numberRow.map(\.code), Array("!@#$%^&*()")))
    func usDigits(code: UInt16, shifted: Character) {
        let digit = Self.numberRow.first { $0.code == code }!.digit
        #expect(Keymap.us.character(for: code, shift: false, capsLock: false, altGr: false) == digit)
        #expect(Keymap.us.character(for: code, shift: true, capsLock: false, altGr: false) == shifted)
        #expect(Keymap.us.character(for: code, shift: false, capsLock: true, altGr: false) == digit, "CapsLock does not shift digits on us")
    }

    @Test("be: every digit is Shift + the number row; unshifted gives &é\"'(§è!çà", arguments: zip(numberRow.map(\.code), Array("&é\"'(§è!çà")))
    func beDigits(code: UInt16, plain: Character) {
        let digit = Self.numberRow.first { $0.code == code }!.digit
        #expect(Keymap.be.character(for: code, shift: true, capsLock: false, altGr: false) == digit, "Shift+key \(code) is \(digit)")
        #expect(Keymap.be.character(for: code, shift: false, capsLock: false, altGr: false) == plain, "key \(code) alone is \(plain)")
        #expect(Keymap.be.character(for: code, shift: false, capsLock: true, altGr: false) == digit, "CapsLock types digits on be")
        #expect(Keymap.be.character(for: code, shift: true, capsLock: true, altGr: false) == plain, "Shift with CapsLock gives the plain symbol")
    }

    @Test("fr and de number rows", arguments: numberRow.map(\.code))
    func frDeDigits(code: UInt16) {
        let digit = Self.numberRow.first { $0.code == code }!.digit
        #expect(Keymap.fr.character(for: code, shift: true, capsLock: false, altGr: false) == digit)
        #expect(Keymap.de.character(for: code, shift: false, capsLock: false, altGr: false) == digit)
    }

    @Test("letters follow the layout and CapsLock inverts Shift", arguments: [
        ("us", UInt16(16), Character("q"), Character("Q")), ("be", 16, "a", "A"), ("fr", 16, "a", "A"),
        ("de", 21, "z", "Z"), ("de", 44, "y", "Y"), ("be", 39, "m", "M"), ("us", 44, "z", "Z"),
    ])
    func letters(layout: String, code: UInt16, plain: Character, shifted: Character) throws {
        let map = try #require(Keymap.named(layout))
        #expect(map.character(for: code, shift: false, capsLock: false, altGr: false) == plain)
        #expect(map.character(for: code, shift: true, capsLock: false, altGr: false) == shifted)
        #expect(map.character(for: code, shift: false, capsLock: true, altGr: false) == shifted)
        #expect(map.character(for: code, shift: true, capsLock: true, altGr: false) == plain)
    }

    @Test("AltGr symbols", arguments: [("be", UInt16(3), Character("@")), ("fr", 11, "@"), ("de", 16, "@"), ("be", 18, "€"), ("de", 18, "€")])
    func altGr(layout: String, code: UInt16, expected: Character) throws {
        #expect(try #require(Keymap.named(layout)).character(for: code, shift: false, capsLock: false, altGr: true) == expected)
    }

    @Test("keypad digits are digits on every layout, with or without Shift", arguments: Keymap.all.map(\.name))
    func keypad(layout: String) throws {
        let map = try #require(Keymap.named(layout))
        for (code, digit) in KeyCode.keypadDigits {
            #expect(map.character(for: code, shift: false, capsLock: false, altGr: false) == Character(String(digit)))
            #expect(map.character(for: code, shift: true, capsLock: true, altGr: false) == Character(String(digit)))
        }
    }

    @Test("keys a layout does not type are nil")
    func unknown() {
        #expect(Keymap.us.character(for: 59, shift: false, capsLock: false, altGr: false) == nil, "F1 types nothing")
        #expect(Keymap.us.character(for: 2, shift: false, capsLock: false, altGr: true) == nil, "no AltGr level on us")
        #expect(Keymap.named("xx") == nil)
        #expect(Keymap.names == ["us", "be", "fr", "de"])
    }

    @Test("the encoder inverts each layout for printable ASCII digits and letters", arguments: Keymap.all.map(\.name))
    func encoderRoundTrip(layout: String) throws {
        let map = try #require(Keymap.named(layout))
        let text = "0123456789abcXYZ"
        var assembler = BarcodeAssembler(keymap: map)
        let outputs = KeystrokeEncoder(keymap: map).events(typing: text).flatMap { assembler.feed($0) }
        guard case .scan(let scan)? = outputs.last else {
            Issue.record("\(layout): no scan from \(outputs)")
            return
        }
        #expect(scan.text == text)
    }
}
