/// Turns text into the key events a scanner programmed with a keymap would send: the
/// inverse of `BarcodeAssembler`, for replays (`kioskctl`, simulation) and tests.
public struct KeystrokeEncoder: Sendable {
    /// How the scanner ends each scan.
    public enum Ending: Sendable, Hashable {
        case enter, keypadEnter, tab, nothing
    }

    /// The layout the simulated scanner types with.
    public let keymap: Keymap
    /// Microseconds between consecutive key events (a scanner: about 1 ms per event).
    public let eventSpacingMicroseconds: Int64

    /// Each character the main block types, with the lowest key code that types it (plain
    /// before shifted on the same key): built once, so typing costs one lookup per character.
    private let keystrokes: [Character: Keystroke]

    private struct Keystroke: Sendable {
        let code: UInt16
        let shift: Bool
    }

    public init(keymap: Keymap, eventSpacingMicroseconds: Int64 = 500) {
        self.keymap = keymap
        self.eventSpacingMicroseconds = eventSpacingMicroseconds
        let keypad = Set(KeyCode.keypadDigits.keys).union([KeyCode.keypadDot, KeyCode.keypadMinus, KeyCode.keypadPlus, KeyCode.keypadSlash, KeyCode.keypadAsterisk])
        var keystrokes: [Character: Keystroke] = [:]
        for code in keymap.entries.keys.sorted() where !keypad.contains(code) {
            let entry = keymap.entries[code]!
            if keystrokes[entry.plain] == nil { keystrokes[entry.plain] = Keystroke(code: code, shift: false) }
            if let shifted = entry.shifted, keystrokes[shifted] == nil { keystrokes[shifted] = Keystroke(code: code, shift: true) }
        }
        self.keystrokes = keystrokes
    }

    /// The key code and Shift state that type `character` on the main block (not the keypad),
    /// or nil when the layout cannot type it without AltGr.
    public func keystroke(for character: Character) -> (code: UInt16, shift: Bool)? {
        keystrokes[character].map { ($0.code, $0.shift) }
    }

    /// Press/release events (with `SYN_REPORT` after each, as the kernel sends them) typing
    /// `text` then `ending`, starting at `start` µs. Characters the layout cannot type are
    /// skipped. Shift is pressed around each shifted character, as scanners do.
    public func events(typing text: String, ending: Ending = .enter, startingAt start: Int64 = 0) -> [InputEvent] {
        var events: [InputEvent] = []
        var time = start
        func emit(_ code: UInt16, _ value: Int32) {
            events.append(.key(code, value, at: time))
            events.append(.report(at: time))
            time += eventSpacingMicroseconds
        }
        for character in text {
            guard let (code, shift) = keystroke(for: character) else { continue }
            if shift { emit(KeyCode.leftShift, 1) }
            emit(code, 1)
            emit(code, 0)
            if shift { emit(KeyCode.leftShift, 0) }
        }
        switch ending {
        case .enter: emit(KeyCode.enter, 1); emit(KeyCode.enter, 0)
        case .keypadEnter: emit(KeyCode.keypadEnter, 1); emit(KeyCode.keypadEnter, 0)
        case .tab: emit(KeyCode.tab, 1); emit(KeyCode.tab, 0)
        case .nothing: break
        }
        return events
    }
}
