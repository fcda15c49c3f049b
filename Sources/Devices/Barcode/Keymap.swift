/// Which character each key of a keyboard layout types, as data: the layout a barcode
/// scanner was programmed for (`us`, `be`, `fr`, `de`).
///
/// A scanner is a keyboard that "types" the code with the keystrokes *its* layout needs:
/// a scanner set to Belgian AZERTY sends Shift + the `à` key for `0`. Decoding the raw key
/// codes with the same layout gives the digits back, whatever layout the kiosk's desktop uses.
///
/// Each printable key has a plain, a shifted and optionally an AltGr character. CapsLock
/// swaps plain and shifted on letter keys, and on `be`/`fr` also on the number row (as those
/// layouts do on Windows, which is what AZERTY scanners assume). Dead keys (`^`, `¨`) type
/// their own character: scanners do not compose. Keypad keys are the same on every layout.
public struct Keymap: Sendable, CustomStringConvertible {
    /// One printable key.
    public struct Entry: Sendable, Hashable {
        /// Typed without modifiers.
        public let plain: Character
        /// Typed with Shift (nil: the key types nothing shifted).
        public let shifted: Character?
        /// Typed with AltGr (right Alt), if anything.
        public let altGr: Character?
        /// Whether CapsLock acts as Shift on this key.
        public let capsLockShifts: Bool
    }

    /// The layout's name as the configuration spells it.
    public let name: String
    /// Printable keys by Linux key code.
    public let entries: [UInt16: Entry]

    /// The character `code` types with the given modifier state, or nil when the key types
    /// nothing in this layout (the caller treats it as an unknown key).
    public func character(for code: UInt16, shift: Bool, capsLock: Bool, altGr: Bool) -> Character? {
        guard let entry = entries[code] else { return nil }
        if altGr { return entry.altGr }
        let shifted = entry.capsLockShifts && capsLock ? !shift : shift
        return shifted ? entry.shifted : entry.plain
    }

    public var description: String { name }

    /// The layouts built in, by name.
    public static let all: [Keymap] = [.us, .be, .fr, .de]

    /// The built-in layout called `name` (`us`, `be`, `fr`, `de`), or nil.
    public static func named(_ name: String) -> Keymap? { all.first { $0.name == name } }

    /// The names of the built-in layouts.
    public static var names: [String] { all.map(\.name) }

    // MARK: building layouts from rows

    /// Key codes of the main block, row by row, in the order the row strings list them.
    static let numberRow: [UInt16] = [41] + Array(2...13)          // ` 1 2 … 0 - =
    static let topRow: [UInt16] = Array(16...27)                   // Q W E R T Y U I O P [ ]
    static let homeRow: [UInt16] = Array(30...40) + [43]           // A S D F G H J K L ; ' \
    static let bottomRow: [UInt16] = [KeyCode.key102nd] + Array(44...53) // <102nd> Z X C V B N M , . /

    /// A row: plain characters and shifted ones, by position ("\0" = nothing).
    struct Row {
        let codes: [UInt16]
        let plain: String
        let shifted: String
        var capsLockShiftsAll = false
    }

    init(name: String, rows: [Row], altGr: [UInt16: Character], keypadDecimal: Character = ".") {
        var entries: [UInt16: Entry] = [:]
        for row in rows {
            let plain = Array(row.plain)
            let shifted = Array(row.shifted)
            precondition(plain.count == row.codes.count && shifted.count == row.codes.count, "keymap \(name): row length")
            for (index, code) in row.codes.enumerated() {
                let p = plain[index]
                let s: Character? = shifted[index] == "\0" ? nil : shifted[index]
                let letterLike = p.isLetter && s.map { String($0) == String(p).uppercased() } == true
                entries[code] = Entry(plain: p, shifted: s, altGr: altGr[code], capsLockShifts: row.capsLockShiftsAll || letterLike)
            }
        }
        entries[KeyCode.space] = Entry(plain: " ", shifted: " ", altGr: nil, capsLockShifts: false)
        for (code, digit) in KeyCode.keypadDigits {
            let c = Character(String(digit))
            entries[code] = Entry(plain: c, shifted: c, altGr: nil, capsLockShifts: false)
        }
        for (code, c) in [(KeyCode.keypadMinus, "-"), (KeyCode.keypadPlus, "+"), (KeyCode.keypadSlash, "/"), (KeyCode.keypadAsterisk, "*")] as [(UInt16, Character)] {
            entries[code] = Entry(plain: c, shifted: c, altGr: nil, capsLockShifts: false)
        }
        entries[KeyCode.keypadDot] = Entry(plain: keypadDecimal, shifted: keypadDecimal, altGr: nil, capsLockShifts: false)
        self.name = name
        self.entries = entries
    }

    /// US QWERTY.
    public static let us = Keymap(name: "us", rows: [
        Row(codes: numberRow, plain: "`1234567890-=", shifted: "~!@#$%^&*()_+"),
        Row(codes: topRow, plain: "qwertyuiop[]", shifted: "QWERTYUIOP{}"),
        Row(codes: homeRow, plain: "asdfghjkl;'\\", shifted: "ASDFGHJKL:\"|"),
        Row(codes: bottomRow, plain: "\\zxcvbnm,./", shifted: "|ZXCVBNM<>?"),
    ], altGr: [:])

    /// Belgian AZERTY: digits are shifted on the number row; unshifted it types `&é"'(§è!çà`.
    public static let be = Keymap(name: "be", rows: [
        Row(codes: numberRow, plain: "²&é\"'(§è!çà)-", shifted: "³1234567890°_", capsLockShiftsAll: true),
        Row(codes: topRow, plain: "azertyuiop^$", shifted: "AZERTYUIOP¨*"),
        Row(codes: homeRow, plain: "qsdfghjklmùµ", shifted: "QSDFGHJKLM%£"),
        Row(codes: bottomRow, plain: "<wxcvbn,;:=", shifted: ">WXCVBN?./+"),
    ], altGr: [2: "|", 3: "@", 4: "#", 7: "^", 10: "{", 11: "}", 18: "€", 26: "[", 27: "]", 40: "´", 43: "`", 86: "\\"])

    /// French AZERTY: digits are shifted on the number row; unshifted it types `&é"'(-è_çà`.
    public static let fr = Keymap(name: "fr", rows: [
        Row(codes: numberRow, plain: "²&é\"'(-è_çà)=", shifted: "\01234567890°+", capsLockShiftsAll: true),
        Row(codes: topRow, plain: "azertyuiop^$", shifted: "AZERTYUIOP¨£"),
        Row(codes: homeRow, plain: "qsdfghjklmù*", shifted: "QSDFGHJKLM%µ"),
        Row(codes: bottomRow, plain: "<wxcvbn,;:!", shifted: ">WXCVBN?./§"),
    ], altGr: [3: "~", 4: "#", 5: "{", 6: "[", 7: "|", 8: "`", 9: "\\", 10: "^", 11: "@", 12: "]", 13: "}", 18: "€"])

    /// German QWERTZ.
    public static let de = Keymap(name: "de", rows: [
        Row(codes: numberRow, plain: "^1234567890ß´", shifted: "°!\"§$%&/()=?`"),
        Row(codes: topRow, plain: "qwertzuiopü+", shifted: "QWERTZUIOPÜ*"),
        Row(codes: homeRow, plain: "asdfghjklöä#", shifted: "ASDFGHJKLÖÄ'"),
        Row(codes: bottomRow, plain: "<yxcvbnm,.-", shifted: ">YXCVBNM;:_"),
    ], altGr: [3: "²", 4: "³", 8: "{", 9: "[", 10: "]", 11: "}", 12: "\\", 16: "@", 18: "€", 27: "~", 50: "µ", 86: "|"],
       keypadDecimal: ",")
}
