/// Turns a barcode scanner's key events into scans: a pure state machine, no threads, no clock.
///
/// Feed it every `InputEvent` read from the device (`feed(_:)`); each event's own timestamp
/// is the only time it uses. It returns the scans (and discarded partial scans) the event
/// completed. When an inter-key timeout is configured, a scan that ends with nothing is
/// finished by `finishIdle(at:)`, which the reader calls at `idleDeadline`.
///
/// Rules:
/// - A character is added on a key press (value 1). Autorepeat (value 2) never adds one: a
///   scanner types every character, doubled digits included, with its own press.
/// - Shift (either), CapsLock (toggled per device), AltGr and Control are tracked; Control
///   with a key gives the ASCII control character (GS1's FNC1 is Ctrl+]). Alt held while
///   keypad digits are typed composes the character with that decimal code (Alt-code mode).
/// - Enter and keypad Enter end a scan; Tab too when `Options.endOnTab`; an idle gap of
///   `Options.interKeyTimeoutMs` too when set. A terminator with nothing before it is ignored.
/// - A key that the keymap does not type adds U+FFFD, so the scan is reported invalid,
///   never silently altered.
/// - More than `Options.maxLength` characters: the scan is discarded at its end (`tooLong`).
/// - With `Options.humanSpeedGapMs`, a gap longer than that between two keys of a scan
///   means a person is typing: what came before is discarded (`humanSpeed`).
/// - `SYN_DROPPED` discards the partial scan and every event up to the next `SYN_REPORT`,
///   and forgets the modifier state (the kernel lost events; keys may be missing).
public struct BarcodeAssembler: Sendable {
    /// Tuning; every limit is a named value from the `scanner` configuration.
    public struct Options: Sendable, Hashable {
        /// End a scan on Tab as well as Enter.
        public var endOnTab: Bool
        /// End a scan after this many milliseconds without a key (for scanners that send no terminator).
        public var interKeyTimeoutMs: Int?
        /// Longest accepted scan, in characters.
        public var maxLength: Int
        /// Shortest accepted scan, in characters.
        public var minLength: Int
        /// Keys further apart than this (ms) are a person typing, not a scanner.
        public var humanSpeedGapMs: Int?
        /// Number-row keys type their digit whatever Shift says (recovers digits from a
        /// scanner programmed for another layout, e.g. a US scanner on a `be` setting).
        public var numberRowDigits: Bool

        /// Defaults: Enter only, no timeout, 64 characters at most, no human-speed filter.
        public init(endOnTab: Bool = false, interKeyTimeoutMs: Int? = nil, maxLength: Int = 64, minLength: Int = 1,
                    humanSpeedGapMs: Int? = nil, numberRowDigits: Bool = false) {
            self.endOnTab = endOnTab
            self.interKeyTimeoutMs = interKeyTimeoutMs
            self.maxLength = maxLength
            self.minLength = minLength
            self.humanSpeedGapMs = humanSpeedGapMs
            self.numberRowDigits = numberRowDigits
        }
    }

    /// How a scan ended.
    public enum Terminator: String, Sendable, Hashable {
        case enter, keypadEnter, tab, timeout
    }

    /// A complete scan.
    public struct Scan: Sendable, Hashable {
        /// The decoded text (U+FFFD where a key could not be decoded).
        public let text: String
        /// What ended it.
        public let terminator: Terminator
        /// Timestamp (µs) of its first and last key.
        public let firstKeyMicroseconds: Int64
        public let lastKeyMicroseconds: Int64
        /// Key codes the keymap could not decode, in order.
        public let unknownKeyCodes: [UInt16]
    }

    /// Why keys were thrown away.
    public enum DiscardReason: Sendable, Hashable {
        /// `SYN_DROPPED`: the kernel lost events.
        case syncDropped
        /// Longer than `maxLength`.
        case tooLong(limit: Int)
        /// Shorter than `minLength`.
        case tooShort(minimum: Int)
        /// Typed at human speed.
        case humanSpeed(gapMs: Int64)
    }

    /// What an event produced.
    public enum Output: Sendable, Hashable {
        /// A scan to classify and publish.
        case scan(Scan)
        /// Keys discarded, with how many characters were pending (for the log).
        case discarded(DiscardReason, characters: Int)
    }

    /// The layout the scanner types with.
    public let keymap: Keymap
    /// The options in force.
    public let options: Options

    private var text: [Character] = []
    private var unknown: [UInt16] = []
    private var overflowed = false
    private var firstKey: Int64 = 0
    private var lastKey: Int64?
    private var shiftKeys: Set<UInt16> = []
    private var altGr = false
    private var control: Set<UInt16> = []
    private var leftAlt = false
    private var altCode: Int?
    private var capsLock = false
    private var droppingUntilReport = false

    /// An assembler with an empty buffer and no modifier held.
    public init(keymap: Keymap, options: Options = Options()) {
        self.keymap = keymap
        self.options = options
    }

    /// Characters waiting for a terminator.
    public var pendingCount: Int { text.count }

    /// When (event time, µs) the partial scan ends by the inter-key timeout; nil when nothing
    /// is pending or no timeout is configured.
    public var idleDeadline: Int64? {
        guard let timeout = options.interKeyTimeoutMs, let lastKey, !text.isEmpty || overflowed else { return nil }
        return lastKey + Int64(timeout) * 1000
    }

    /// Ends the partial scan by timeout if `microseconds` (event time) is at or past `idleDeadline`.
    public mutating func finishIdle(at microseconds: Int64) -> [Output] {
        guard let deadline = idleDeadline, microseconds >= deadline else { return [] }
        return finish(.timeout)
    }

    /// Applies one input event; returns what it completed, in order.
    public mutating func feed(_ event: InputEvent) -> [Output] {
        if event.type == InputEvent.synchronization {
            if event.code == InputEvent.synDropped {
                droppingUntilReport = true
                shiftKeys.removeAll()
                control.removeAll()
                altGr = false
                leftAlt = false
                altCode = nil
                return discardPending(.syncDropped)
            }
            if event.code == InputEvent.synReport { droppingUntilReport = false }
            return []
        }
        guard event.type == InputEvent.key, !droppingUntilReport else { return [] }
        let code = event.code
        if updateModifiers(code: code, value: event.value) { return composeAltCodeIfReleased(code: code, value: event.value, at: event.timeMicroseconds) }
        guard event.value == InputEvent.KeyValue.press else { return [] }

        var outputs: [Output] = []
        if let timeout = options.interKeyTimeoutMs, let lastKey, !text.isEmpty || overflowed,
           event.timeMicroseconds - lastKey >= Int64(timeout) * 1000 {
            outputs += finish(.timeout)
        }
        if let gap = options.humanSpeedGapMs, let lastKey, !text.isEmpty || overflowed {
            let elapsed = (event.timeMicroseconds - lastKey) / 1000
            if elapsed > Int64(gap) { outputs += discardPending(.humanSpeed(gapMs: elapsed)) }
        }

        switch code {
        case KeyCode.enter: return outputs + finish(.enter)
        case KeyCode.keypadEnter: return outputs + finish(.keypadEnter)
        case KeyCode.tab:
            if options.endOnTab { return outputs + finish(.tab) }
            return outputs
        case KeyCode.escape, KeyCode.backspace, KeyCode.numLock, KeyCode.scrollLock, KeyCode.leftMeta, KeyCode.rightMeta:
            return outputs
        default:
            break
        }
        if leftAlt, let digit = KeyCode.keypadDigits[code] {
            altCode = min((altCode ?? 0) * 10 + digit, 0x10FFFF)
            touch(at: event.timeMicroseconds)
            return outputs
        }
        append(decode(code), code: code, at: event.timeMicroseconds)
        return outputs
    }

    /// Tracks Shift, CapsLock, AltGr, Control and Alt; returns true when `code` is a modifier.
    private mutating func updateModifiers(code: UInt16, value: Int32) -> Bool {
        let down = value != InputEvent.KeyValue.release
        switch code {
        case KeyCode.leftShift, KeyCode.rightShift:
            if down { shiftKeys.insert(code) } else { shiftKeys.remove(code) }
        case KeyCode.leftControl, KeyCode.rightControl:
            if down { control.insert(code) } else { control.remove(code) }
        case KeyCode.rightAlt:
            altGr = down
        case KeyCode.leftAlt:
            leftAlt = down
        case KeyCode.capsLock:
            if value == InputEvent.KeyValue.press { capsLock.toggle() }
        default:
            return false
        }
        return true
    }

    /// On Alt release after keypad digits, adds the character with that decimal code.
    private mutating func composeAltCodeIfReleased(code: UInt16, value: Int32, at time: Int64) -> [Output] {
        guard code == KeyCode.leftAlt, value == InputEvent.KeyValue.release, let composed = altCode else { return [] }
        altCode = nil
        let character: Character?
        switch composed {
        case 1...0x7F, 0xA0...0xFF: character = Unicode.Scalar(UInt32(composed)).map(Character.init)
        default: character = nil
        }
        append(character, code: code, at: time)
        return []
    }

    private func decode(_ code: UInt16) -> Character? {
        if options.numberRowDigits, let index = KeyCode.numberRowDigitKeys.firstIndex(of: code) {
            return Character(String((index + 1) % 10))
        }
        guard let character = keymap.character(for: code, shift: !shiftKeys.isEmpty, capsLock: capsLock, altGr: altGr) else { return nil }
        if !control.isEmpty, let ascii = character.uppercased().first?.asciiValue, (0x40...0x5F).contains(ascii) {
            return Character(Unicode.Scalar(ascii ^ 0x40))
        }
        return character
    }

    private mutating func append(_ character: Character?, code: UInt16, at time: Int64) {
        touch(at: time)
        if text.count >= options.maxLength {
            overflowed = true
            return
        }
        if let character {
            text.append(character)
        } else {
            text.append("\u{FFFD}")
            unknown.append(code)
        }
    }

    private mutating func touch(at time: Int64) {
        if lastKey == nil { firstKey = time }
        lastKey = time
    }

    private mutating func finish(_ terminator: Terminator) -> [Output] {
        defer { reset() }
        if overflowed { return [.discarded(.tooLong(limit: options.maxLength), characters: text.count)] }
        if text.isEmpty { return [] }
        if text.count < options.minLength { return [.discarded(.tooShort(minimum: options.minLength), characters: text.count)] }
        let scan = Scan(text: String(text), terminator: terminator, firstKeyMicroseconds: firstKey,
                        lastKeyMicroseconds: lastKey ?? firstKey, unknownKeyCodes: unknown)
        return [.scan(scan)]
    }

    private mutating func discardPending(_ reason: DiscardReason) -> [Output] {
        defer { reset() }
        guard !text.isEmpty || overflowed else { return [] }
        return [.discarded(reason, characters: text.count)]
    }

    private mutating func reset() {
        text.removeAll(keepingCapacity: true)
        unknown.removeAll()
        overflowed = false
        lastKey = nil
    }
}
