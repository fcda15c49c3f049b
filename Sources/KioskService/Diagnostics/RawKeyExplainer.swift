import Devices
import Identity
import StrictJSON

/// Explains a scanner's raw key events for keymap trouble. Pure.
///
/// For each key press it shows the Linux key code and name and the character every built-in
/// layout would type with the modifiers held at that moment (a scanner programmed for Belgian
/// AZERTY sends Shift + `é` for `2`, which a `us` keymap reads as `@`); and after each
/// terminator, the scan the configured keymap assembles and how it classifies.
public struct RawKeyExplainer: Sendable {
    /// One line of explanation.
    public struct Line: Sendable {
        /// Whether it is a key press (what `--count` counts in raw mode).
        public let isKeyPress: Bool
        public let text: String
        public let json: JSONValue

        public init(isKeyPress: Bool, text: String, json: JSONValue) {
            self.isKeyPress = isKeyPress
            self.text = text
            self.json = json
        }
    }

    public let keymap: Keymap
    private var assembler: BarcodeAssembler
    private let classifier: CredentialClassifier
    private var shift: Set<UInt16> = []
    private var capsLock = false
    private var altGr = false

    public init(keymap: Keymap, options: BarcodeAssembler.Options = .init(), classifier: CredentialClassifier = CredentialClassifier()) {
        self.keymap = keymap
        self.assembler = BarcodeAssembler(keymap: keymap, options: options)
        self.classifier = classifier
    }

    /// The lines `event` (read from `device`) explains: one per key event, plus one per scan
    /// or discard the assembler completes. Synchronisation and other events explain nothing.
    public mutating func explain(_ event: InputEvent, device: String) -> [Line] {
        var lines: [Line] = []
        if event.type == InputEvent.key {
            lines.append(keyLine(event, device: device))
            updateModifiers(event)
        }
        for output in assembler.feed(event) {
            switch output {
            case .scan(let scan):
                let classification = classifier.classify(scan.text)
                var text = "  → scan \"\(scan.text)\" with keymap \(keymap.name): \(classification)"
                if !scan.unknownKeyCodes.isEmpty { text += " (keys \(scan.unknownKeyCodes.map(String.init).joined(separator: ", ")) type nothing in \(keymap.name))" }
                lines.append(Line(isKeyPress: false, text: text, json: .object(JSONObject([
                    (key: "source", value: "raw"), (key: "event", value: "scan"), (key: "device", value: .string(device)),
                    (key: "keymap", value: .string(keymap.name)), (key: "text", value: .string(scan.text)),
                    (key: "classification", value: .string("\(classification)")),
                ]))))
            case .discarded(let reason, let characters):
                lines.append(Line(isKeyPress: false, text: "  → discarded \(characters) character(s): \(reason)", json: .object(JSONObject([
                    (key: "source", value: "raw"), (key: "event", value: "discarded"), (key: "device", value: .string(device)),
                    (key: "reason", value: .string("\(reason)")), (key: "characters", value: .number(String(characters))),
                ]))))
            }
        }
        return lines
    }

    private func keyLine(_ event: InputEvent, device: String) -> Line {
        let action: String
        switch event.value {
        case InputEvent.KeyValue.press: action = "press"
        case InputEvent.KeyValue.release: action = "release"
        case InputEvent.KeyValue.autorepeat: action = "repeat"
        default: action = "value \(event.value)"
        }
        let name = Self.name(of: event.code)
        var text = "key \(String(event.code).leftPadded(3)) \(name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(action.padding(toLength: 7, withPad: " ", startingAt: 0))"
        var typed: [(key: String, value: JSONValue)] = []
        if event.value == InputEvent.KeyValue.press && !Self.isModifier(event.code) {
            let held = shift.isEmpty ? (capsLock ? "CapsLock " : "") : "Shift "
            var parts: [String] = []
            for layout in Keymap.all {
                let character = layout.character(for: event.code, shift: !shift.isEmpty, capsLock: capsLock, altGr: altGr)
                let shown = character.map { "'\($0)'" } ?? "—"
                parts.append("\(layout.name):\(shown)" + (layout.name == keymap.name ? "*" : ""))
                typed.append((key: layout.name, value: character.map { .string(String($0)) } ?? .null))
            }
            text += " " + (altGr ? "AltGr " : held) + parts.joined(separator: " ")
        }
        var object = JSONObject([
            (key: "source", value: "raw"), (key: "event", value: "key"), (key: "device", value: .string(device)),
            (key: "code", value: .number(String(event.code))), (key: "name", value: .string(name)),
            (key: "value", value: .number(String(event.value))),
        ])
        if !typed.isEmpty { object["characters"] = .object(JSONObject(typed)) }
        return Line(isKeyPress: event.value == InputEvent.KeyValue.press, text: text, json: .object(object))
    }

    private mutating func updateModifiers(_ event: InputEvent) {
        let down = event.value != InputEvent.KeyValue.release
        switch event.code {
        case KeyCode.leftShift, KeyCode.rightShift:
            if down { shift.insert(event.code) } else { shift.remove(event.code) }
        case KeyCode.rightAlt:
            altGr = down
        case KeyCode.capsLock where event.value == InputEvent.KeyValue.press:
            capsLock.toggle()
        default:
            break
        }
    }

    static func isModifier(_ code: UInt16) -> Bool {
        [KeyCode.leftShift, KeyCode.rightShift, KeyCode.leftControl, KeyCode.rightControl, KeyCode.leftAlt, KeyCode.rightAlt,
         KeyCode.capsLock, KeyCode.numLock, KeyCode.leftMeta, KeyCode.rightMeta].contains(code)
    }

    /// `KEY_A`, `KEY_1`, `KEY_ENTER`, … (`linux/input-event-codes.h`), or `KEY_<code>`.
    public static func name(of code: UInt16) -> String {
        if let named = names[code] { return "KEY_" + named }
        if let letter = Keymap.us.entries[code]?.plain, letter.isLetter { return "KEY_" + letter.uppercased() }
        return "KEY_\(code)"
    }

    private static let names: [UInt16: String] = [
        1: "ESC", 2: "1", 3: "2", 4: "3", 5: "4", 6: "5", 7: "6", 8: "7", 9: "8", 10: "9", 11: "0", 12: "MINUS", 13: "EQUAL",
        14: "BACKSPACE", 15: "TAB", 26: "LEFTBRACE", 27: "RIGHTBRACE", 28: "ENTER", 29: "LEFTCTRL", 39: "SEMICOLON",
        40: "APOSTROPHE", 41: "GRAVE", 42: "LEFTSHIFT", 43: "BACKSLASH", 51: "COMMA", 52: "DOT", 53: "SLASH",
        54: "RIGHTSHIFT", 55: "KPASTERISK", 56: "LEFTALT", 57: "SPACE", 58: "CAPSLOCK", 69: "NUMLOCK", 70: "SCROLLLOCK",
        71: "KP7", 72: "KP8", 73: "KP9", 74: "KPMINUS", 75: "KP4", 76: "KP5", 77: "KP6", 78: "KPPLUS", 79: "KP1",
        80: "KP2", 81: "KP3", 82: "KP0", 83: "KPDOT", 86: "102ND", 96: "KPENTER", 97: "RIGHTCTRL", 98: "KPSLASH",
        100: "RIGHTALT", 125: "LEFTMETA", 126: "RIGHTMETA",
    ]
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
