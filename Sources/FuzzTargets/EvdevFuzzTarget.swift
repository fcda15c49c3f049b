import Devices

/// Fuzzes the scanner path from raw bytes: arbitrary bytes cut into arbitrary reads go
/// through the `input_event` record buffer and the barcode assembler of one keymap (chosen by the first byte).
/// Invariants: no scan longer than the configured cap, and for digit strings the bytes a
/// scanner would send in that layout decode back to the same digits.
enum EvdevFuzzTarget {
    static let options = BarcodeAssembler.Options(endOnTab: true, interKeyTimeoutMs: 50, maxLength: 48)

    static let target = FuzzTarget(name: "evdev") { bytes in
        guard let first = bytes.first else { return }
        let chunk = Int(first % 31) + 1
        let keymap = Keymap.all[Int(first / 32) % Keymap.all.count]
        do {
            var buffer = InputRecordBuffer()
            var assembler = BarcodeAssembler(keymap: keymap, options: options)
            var index = 1
            while index < bytes.count {
                let end = min(index + chunk, bytes.count)
                for event in buffer.append(bytes[index..<end]) {
                    check(assembler.feed(event))
                }
                index = end
            }
            check(assembler.finishIdle(at: Int64.max / 2))
        }
        let digits = String(decoding: bytes.dropFirst().prefix(40).filter { (0x30...0x39).contains($0) }, as: UTF8.self)
        guard !digits.isEmpty else { return }
        do {
            var assembler = BarcodeAssembler(keymap: keymap, options: options)
            let events = KeystrokeEncoder(keymap: keymap).events(typing: digits)
            let scans = events.flatMap { assembler.feed($0) }.compactMap { output -> String? in
                if case .scan(let scan) = output { return scan.text }
                return nil
            }
            guard scans == [digits] else { fatalError("\(keymap.name): typed \(digits), decoded \(scans)") }
        }
    }

    static func check(_ outputs: [BarcodeAssembler.Output]) {
        for case .scan(let scan) in outputs where scan.text.count > options.maxLength {
            fatalError("scan of \(scan.text.count) characters passed the \(options.maxLength) cap")
        }
    }
}
