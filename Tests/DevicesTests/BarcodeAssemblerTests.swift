import Testing
@testable import Devices

/// The barcode assembler fed raw key events with explicit timestamps: no threads, no sleeps.
@Suite("BarcodeAssembler")
struct BarcodeAssemblerTests {
    /// KEY_* code of each digit on the number row.
    static func rowKey(_ digit: Character) -> UInt16 {
        let value = Int(String(digit))!
        return value == 0 ? 11 : UInt16(value + 1)
    }

    /// Events a scanner sends, one every `spacing` µs, with SYN_REPORT after each key event.
    struct Script {
        var events: [InputEvent] = []
        var time: Int64 = 1_000_000
        var spacing: Int64 = 1_000

        mutating func key(_ code: UInt16, _ value: Int32 = 1) {
            events.append(.key(code, value, at: time))
            events.append(.report(at: time))
            time += spacing
        }
        mutating func tap(_ code: UInt16) { key(code, 1); key(code, 0) }
        mutating func pause(ms: Int64) { time += ms * 1000 }
    }

    func run(_ events: [InputEvent], keymap: Keymap = .us, options: BarcodeAssembler.Options = .init()) -> [BarcodeAssembler.Output] {
        var assembler = BarcodeAssembler(keymap: keymap, options: options)
        return events.flatMap { assembler.feed($0) }
    }

    func texts(_ outputs: [BarcodeAssembler.Output]) -> [String] {
        outputs.compactMap { if case .scan(let scan) = $0 { scan.text } else { nil } }
    }

    // MARK: the known Belgian failure

    @Test("be scanner, Shift around each digit: 0013748911 decodes to digits, doubled digits kept")
    func belgianShiftPerDigit() {
        var s = Script()
        for digit in "0013748911" {
            s.key(KeyCode.leftShift, 1)
            s.tap(Self.rowKey(digit))
            s.key(KeyCode.leftShift, 0)
        }
        s.tap(KeyCode.enter)
        #expect(texts(run(s.events, keymap: .be)) == ["0013748911"])
    }

    @Test("be scanner holding Shift for the whole code (repeats of Shift included)")
    func belgianShiftHeld() {
        var s = Script()
        s.key(KeyCode.leftShift, 1)
        for digit in "0013748911" {
            s.tap(Self.rowKey(digit))
            s.key(KeyCode.leftShift, 2)
        }
        s.key(KeyCode.leftShift, 0)
        s.tap(KeyCode.enter)
        #expect(texts(run(s.events, keymap: .be)) == ["0013748911"])
    }

    @Test("a US-programmed scanner read as be gives the known mojibake; numberRowDigits recovers the digits")
    func usScannerOnBe() {
        var s = Script()
        for digit in "0013748911" { s.tap(Self.rowKey(digit)) }
        s.tap(KeyCode.enter)
        #expect(texts(run(s.events, keymap: .be)) == ["àà&\"è'!ç&&"], "the failure seen on site")
        #expect(texts(run(s.events, keymap: .be, options: .init(numberRowDigits: true))) == ["0013748911"])
    }

    // MARK: keys

    @Test("autorepeat (value 2) adds nothing; a doubled digit is two presses")
    func autorepeat() {
        var s = Script()
        s.key(3, 1); s.key(3, 2); s.key(3, 2); s.key(3, 0)
        s.tap(3)
        s.tap(KeyCode.enter)
        #expect(texts(run(s.events)) == ["22"])
    }

    @Test("an unknown key becomes U+FFFD and is reported")
    func unknownKey() throws {
        var s = Script()
        s.tap(2); s.tap(59); s.tap(3)
        s.tap(KeyCode.enter)
        let outputs = run(s.events)
        guard case .scan(let scan)? = outputs.first else { Issue.record("no scan"); return }
        #expect(scan.text == "1\u{FFFD}2")
        #expect(scan.unknownKeyCodes == [59])
    }

    @Test("keypad digits and keypad Enter")
    func keypad() {
        var s = Script()
        for code in [KeyCode.keypad2, KeyCode.keypad9, KeyCode.keypad9, KeyCode.keypad0] { s.tap(code) }
        s.tap(KeyCode.keypadEnter)
        let outputs = run(s.events, keymap: .be)
        #expect(texts(outputs) == ["2990"])
        if case .scan(let scan)? = outputs.first { #expect(scan.terminator == .keypadEnter) }
    }

    @Test("Shift state: right Shift works, releasing one of two Shifts keeps Shift")
    func shiftState() {
        var s = Script()
        s.key(KeyCode.rightShift, 1); s.tap(16); s.key(KeyCode.rightShift, 0)
        s.key(KeyCode.leftShift, 1); s.key(KeyCode.rightShift, 1); s.key(KeyCode.rightShift, 0); s.tap(17); s.key(KeyCode.leftShift, 0)
        s.tap(18)
        s.tap(KeyCode.enter)
        #expect(texts(run(s.events)) == ["QWe"])
    }

    @Test("CapsLock toggles on press and inverts Shift for letters")
    func capsLock() {
        var s = Script()
        s.tap(KeyCode.capsLock); s.tap(16)
        s.key(KeyCode.leftShift, 1); s.tap(17); s.key(KeyCode.leftShift, 0)
        s.tap(KeyCode.capsLock); s.tap(18)
        s.tap(KeyCode.enter)
        #expect(texts(run(s.events)) == ["Qwe"])
    }

    @Test("Control + ] is GS (FNC1 in GS1 codes); Alt + keypad digits compose a character")
    func controlAndAltCodes() {
        var s = Script()
        s.tap(2)
        s.key(KeyCode.leftControl, 1); s.tap(27); s.key(KeyCode.leftControl, 0)
        s.key(KeyCode.leftAlt, 1); s.tap(KeyCode.keypad6); s.tap(KeyCode.keypad5); s.key(KeyCode.leftAlt, 0)
        s.tap(KeyCode.enter)
        #expect(texts(run(s.events)) == ["1\u{1D}A"])
    }

    // MARK: terminators

    @Test("Tab ends a scan only when configured")
    func tab() {
        var s = Script()
        s.tap(2); s.tap(KeyCode.tab); s.tap(3); s.tap(KeyCode.enter)
        #expect(texts(run(s.events)) == ["12"], "Tab is skipped by default")
        #expect(texts(run(s.events, options: .init(endOnTab: true))) == ["1", "2"])
    }

    @Test("a scanner that ends with nothing: the inter-key timeout ends the scan")
    func timeout() {
        var assembler = BarcodeAssembler(keymap: .us, options: .init(interKeyTimeoutMs: 50))
        var s = Script()
        for digit in "2990" { s.tap(Self.rowKey(digit)) }
        var outputs = s.events.flatMap { assembler.feed($0) }
        #expect(outputs.isEmpty)
        let deadline = try! #require(assembler.idleDeadline)
        #expect(deadline == s.time - s.spacing - 1_000 + 50_000, "50 ms after the last key press")
        #expect(assembler.finishIdle(at: deadline - 1).isEmpty, "not before the deadline")
        outputs = assembler.finishIdle(at: deadline)
        #expect(texts(outputs) == ["2990"])
        if case .scan(let scan)? = outputs.first { #expect(scan.terminator == .timeout) }
        #expect(assembler.idleDeadline == nil)
    }

    @Test("a key after the timeout has passed ends the previous scan first")
    func timeoutOnNextKey() {
        var s = Script()
        s.tap(2); s.tap(3)
        s.pause(ms: 200)
        s.tap(4); s.tap(KeyCode.enter)
        #expect(texts(run(s.events, options: .init(interKeyTimeoutMs: 100))) == ["12", "3"])
    }

    @Test("a lone terminator is ignored")
    func emptyScan() {
        var s = Script()
        s.tap(KeyCode.enter); s.tap(KeyCode.keypadEnter)
        #expect(run(s.events).isEmpty)
    }

    // MARK: limits and filters

    @Test("longer than maxLength: discarded at its end, the next scan is fine")
    func lengthCap() {
        var s = Script()
        for _ in 0..<10 { s.tap(2) }
        s.tap(KeyCode.enter)
        s.tap(3); s.tap(KeyCode.enter)
        let outputs = run(s.events, options: .init(maxLength: 8))
        #expect(outputs.first == .discarded(.tooLong(limit: 8), characters: 8))
        #expect(texts(outputs) == ["2"])
    }

    @Test("shorter than minLength is discarded")
    func minLength() {
        var s = Script()
        s.tap(2); s.tap(KeyCode.enter)
        #expect(run(s.events, options: .init(minLength: 4)) == [.discarded(.tooShort(minimum: 4), characters: 1)])
    }

    @Test("keys typed at human speed are dropped; a fast scan right after is kept")
    func humanSpeed() {
        var s = Script()
        s.spacing = 150_000        // 150 ms per key event: a person
        s.tap(2); s.tap(3)
        s.spacing = 1_000          // 1 ms: a scanner
        s.pause(ms: 300)
        for digit in "2990000000019" { s.tap(Self.rowKey(digit)) }
        s.tap(KeyCode.enter)
        let outputs = run(s.events, options: .init(humanSpeedGapMs: 50))
        #expect(texts(outputs) == ["2990000000019"])
        #expect(outputs.contains { if case .discarded(.humanSpeed, _) = $0 { true } else { false } })
    }

    @Test("a person typing digits then Enter produces no scan")
    func humanEnter() {
        var s = Script()
        s.spacing = 120_000
        s.tap(2); s.tap(3); s.tap(4); s.tap(KeyCode.enter)
        #expect(texts(run(s.events, options: .init(humanSpeedGapMs: 50))).isEmpty)
    }

    // MARK: SYN_DROPPED

    @Test("SYN_DROPPED discards the partial scan and every event up to the next SYN_REPORT")
    func synDropped() {
        var events: [InputEvent] = []
        var s = Script()
        s.key(KeyCode.leftShift, 1); s.tap(2); s.tap(3)
        events += s.events
        events.append(.dropped(at: s.time))
        events.append(.key(4, 1, at: s.time))      // lost with the report: ignored
        events.append(.key(KeyCode.enter, 1, at: s.time))
        events.append(.report(at: s.time))
        var after = Script()
        after.time = s.time + 10_000
        after.tap(5); after.tap(KeyCode.enter)
        events += after.events
        let outputs = run(events)
        #expect(outputs == [.discarded(.syncDropped, characters: 2), .scan(.init(
            text: "4", terminator: .enter, firstKeyMicroseconds: after.events[0].timeMicroseconds,
            lastKeyMicroseconds: after.events[0].timeMicroseconds, unknownKeyCodes: []))],
            "Shift held before the drop is forgotten: KEY_4 after resync types 4, not $")
    }

    @Test("non-key events are ignored")
    func otherEvents() {
        var events = [InputEvent(type: InputEvent.miscellaneous, code: 4, value: 0x7001e), InputEvent(type: InputEvent.led, code: 0, value: 1)]
        var s = Script()
        s.tap(2); s.tap(KeyCode.enter)
        events += s.events
        events.append(InputEvent(type: 0xFFFF, code: 0xFFFF, value: -1))
        #expect(texts(run(events)) == ["1"])
    }
}
