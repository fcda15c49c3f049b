/// Linux `KEY_*` codes from `<linux/input-event-codes.h>` that the scanner decodes by name.
///
/// Printable keys are listed in `Keymap` by position; these are the keys with a role.
public enum KeyCode {
    public static let escape: UInt16 = 1          // KEY_ESC
    public static let digit1: UInt16 = 2          // KEY_1 (KEY_2…KEY_9 follow, KEY_0 = 11)
    public static let digit0: UInt16 = 11         // KEY_0
    public static let backspace: UInt16 = 14      // KEY_BACKSPACE
    public static let tab: UInt16 = 15            // KEY_TAB
    public static let enter: UInt16 = 28          // KEY_ENTER
    public static let leftControl: UInt16 = 29    // KEY_LEFTCTRL
    public static let leftShift: UInt16 = 42      // KEY_LEFTSHIFT
    public static let rightShift: UInt16 = 54     // KEY_RIGHTSHIFT
    public static let leftAlt: UInt16 = 56        // KEY_LEFTALT
    public static let space: UInt16 = 57          // KEY_SPACE
    public static let capsLock: UInt16 = 58       // KEY_CAPSLOCK
    public static let numLock: UInt16 = 69        // KEY_NUMLOCK
    public static let scrollLock: UInt16 = 70     // KEY_SCROLLLOCK
    public static let keypad7: UInt16 = 71        // KEY_KP7
    public static let keypad8: UInt16 = 72        // KEY_KP8
    public static let keypad9: UInt16 = 73        // KEY_KP9
    public static let keypadMinus: UInt16 = 74    // KEY_KPMINUS
    public static let keypad4: UInt16 = 75        // KEY_KP4
    public static let keypad5: UInt16 = 76        // KEY_KP5
    public static let keypad6: UInt16 = 77        // KEY_KP6
    public static let keypadPlus: UInt16 = 78     // KEY_KPPLUS
    public static let keypad1: UInt16 = 79        // KEY_KP1
    public static let keypad2: UInt16 = 80        // KEY_KP2
    public static let keypad3: UInt16 = 81        // KEY_KP3
    public static let keypad0: UInt16 = 82        // KEY_KP0
    public static let keypadDot: UInt16 = 83      // KEY_KPDOT
    public static let key102nd: UInt16 = 86       // KEY_102ND (the ISO key left of Z: `<` `>`)
    public static let keypadEnter: UInt16 = 96    // KEY_KPENTER
    public static let rightControl: UInt16 = 97   // KEY_RIGHTCTRL
    public static let keypadSlash: UInt16 = 98    // KEY_KPSLASH
    public static let rightAlt: UInt16 = 100      // KEY_RIGHTALT (AltGr)
    public static let keypadAsterisk: UInt16 = 55 // KEY_KPASTERISK
    public static let leftMeta: UInt16 = 125      // KEY_LEFTMETA
    public static let rightMeta: UInt16 = 126     // KEY_RIGHTMETA

    /// Keypad digit keys and the digit each types (whatever the keymap; NumLock is assumed on).
    public static let keypadDigits: [UInt16: Int] = [
        keypad0: 0, keypad1: 1, keypad2: 2, keypad3: 3, keypad4: 4,
        keypad5: 5, keypad6: 6, keypad7: 7, keypad8: 8, keypad9: 9,
    ]

    /// `KEY_1`…`KEY_0`, the number row, in the order 1 … 9, 0.
    public static let numberRowDigitKeys: [UInt16] = Array(2...11)
}
