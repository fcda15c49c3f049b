import Testing
import LinuxIO
@testable import Devices

@Suite("InputEvent")
struct InputEventTests {
    @Test("a record is 24 bytes on x86_64 and round-trips")
    func layout() {
        #if arch(x86_64) || arch(arm64)
        #expect(InputEvent.recordSize == 24)
        #endif
        let event = InputEvent.key(30, 1, at: 1_700_000_123_456_789)
        #expect(event.encoded.count == InputEvent.recordSize)
        let decoded = event.encoded.withUnsafeBytes { InputEvent.decode($0) }
        #expect(decoded == event)
    }

    @Test("fields sit where the kernel puts them")
    func byteLayout() {
        let bytes = InputEvent(type: 1, code: 0x1C, value: 1, timeMicroseconds: 2_000_003).encoded
        #if arch(x86_64)
        #expect(Array(bytes[0..<8]) == [2, 0, 0, 0, 0, 0, 0, 0], "tv_sec")
        #expect(Array(bytes[8..<16]) == [3, 0, 0, 0, 0, 0, 0, 0], "tv_usec")
        #expect(Array(bytes[16..<24]) == [1, 0, 0x1C, 0, 1, 0, 0, 0], "type, code, value")
        #endif
    }

    @Test("too few bytes decode to nothing; garbage decodes without trapping")
    func garbage() {
        #expect([UInt8](repeating: 0xFF, count: 23).withUnsafeBytes { InputEvent.decode($0) } == nil)
        let junk = [UInt8](repeating: 0xFF, count: 24).withUnsafeBytes { InputEvent.decode($0) }
        #expect(junk?.type == 0xFFFF && junk?.value == -1)
        var huge = [UInt8](repeating: 0, count: 24)
        huge[7] = 0x7F  // tv_sec near Int64.max: the µs conversion overflows
        #expect(huge.withUnsafeBytes { InputEvent.decode($0) }?.timeMicroseconds == 0)
    }

    @Test("the record buffer reassembles records split across reads and drops a partial tail")
    func recordBuffer() {
        let events = [InputEvent.key(2, 1, at: 10), .report(at: 10), .key(2, 0, at: 20)]
        let bytes = events.flatMap(\.encoded)
        var buffer = InputRecordBuffer()
        var decoded: [InputEvent] = []
        for chunk in stride(from: 0, to: bytes.count, by: 7) {
            decoded += buffer.append(bytes[chunk..<min(chunk + 7, bytes.count)])
        }
        #expect(decoded == events)
        #expect(buffer.pendingByteCount == 0)
        _ = buffer.append([1, 2, 3, 4, 5])
        #expect(buffer.discardPartial() == 5)
        #expect(buffer.append(events[0].encoded) == [events[0]], "aligned again after the discard")
    }

    @Test("after lost bytes the buffer finds record boundaries again and counts what it skipped")
    func resynchronises() {
        let first = KeystrokeEncoder(keymap: .us).events(typing: "34", startingAt: 1_700_000_000_000_000)
        let second = KeystrokeEncoder(keymap: .us).events(typing: "56", startingAt: 1_700_000_001_000_000)
        let bytes = Array(first.flatMap(\.encoded).prefix(13)) + second.flatMap(\.encoded)
        var buffer = InputRecordBuffer()
        let decoded = buffer.append(bytes)
        #expect(decoded == second, "every record of the second writer survives")
        #expect(buffer.takeSkippedByteCount() == 13)
        #expect(buffer.takeSkippedByteCount() == 0, "the count resets")
    }

    @Test("while resynchronising, a candidate followed by a record dated Int64.min µs is skipped, not an overflow")
    func resyncGapCannotOverflow() {
        var farPast = InputEvent.key(2, 1, at: 0).encoded
        #if arch(x86_64) || arch(arm64)
        withUnsafeBytes(of: (Int64.min / 1_000_000).littleEndian) { farPast.replaceSubrange(0..<8, with: $0) }
        #endif
        let candidate = InputEvent.key(30, 1, at: 1_700_000_000_000_000)
        let after = KeystrokeEncoder(keymap: .us).events(typing: "7", startingAt: 1_700_000_000_100_000)
        var buffer = InputRecordBuffer()
        let decoded = buffer.append([0xFF] + candidate.encoded + farPast + after.flatMap(\.encoded))
        #expect(decoded == after, "the records after the bad one are found again")
        #expect(buffer.takeSkippedByteCount() > 0)
    }

    @Test("implausible records are skipped", arguments: [
        ("key value 77", InputEvent(type: 1, code: 2, value: 77, timeMicroseconds: 5)),
        ("type beyond EV_MAX", InputEvent(type: 0x20, code: 0, value: 0, timeMicroseconds: 5)),
        ("code beyond KEY_MAX", InputEvent(type: 1, code: 0x300, value: 1, timeMicroseconds: 5)),
        ("SYN with a value", InputEvent(type: 0, code: 0, value: 9, timeMicroseconds: 5)),
        ("negative time", InputEvent(type: 1, code: 2, value: 1, timeMicroseconds: -5_000_000)),
    ])
    func implausible(name: String, event: InputEvent) {
        var buffer = InputRecordBuffer()
        let good = [InputEvent.key(2, 1, at: 10), .report(at: 10), .key(2, 0, at: 900)]
        #expect(buffer.append(event.encoded) == [], "\(name) is skipped")
        #expect(buffer.append(good.flatMap(\.encoded)) == good, "the records after it are kept")
        #expect(buffer.takeSkippedByteCount() == InputEvent.recordSize)
    }
}

/// A small deterministic generator for reproducible random streams.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("InputRecordBuffer robustness")
struct InputRecordBufferRobustnessTests {
    @Test("random garbage before a real scan: never a trap, and the scan is recovered")
    func randomPrefixes() {
        var rng = SplitMix64(state: 42)
        let code = "2990000000019"
        var recovered = 0
        let rounds = 200
        for round in 0..<rounds {
            let garbage = (0..<Int.random(in: 1...200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let start = Int64(1_700_000_000_000_000) + Int64(round) * 1_000_000
            let bytes = garbage + KeystrokeEncoder(keymap: .us).events(typing: code, startingAt: start).flatMap(\.encoded)
            var buffer = InputRecordBuffer()
            var assembler = BarcodeAssembler(keymap: .us)
            var texts: [String] = []
            var offset = 0
            while offset < bytes.count {
                let chunk = Int.random(in: 1...100, using: &rng)
                for event in buffer.append(bytes[offset..<min(offset + chunk, bytes.count)]) {
                    for case .scan(let scan) in assembler.feed(event) { texts.append(scan.text) }
                }
                offset += chunk
            }
            if texts.last == code { recovered += 1 }
        }
        #expect(recovered == rounds, "recovered \(recovered) of \(rounds)")
    }

    @Test("pure random bytes never trap the decoder and assembler")
    func randomBytes() {
        var rng = SplitMix64(state: 7)
        var buffer = InputRecordBuffer()
        var assembler = BarcodeAssembler(keymap: .be, options: .init(interKeyTimeoutMs: 10, maxLength: 16, humanSpeedGapMs: 5))
        var accepted = 0
        for _ in 0..<400 {
            let bytes = (0..<Int.random(in: 1...512, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            for event in buffer.append(bytes) {
                accepted += 1
                _ = assembler.feed(event)
                _ = assembler.finishIdle(at: event.timeMicroseconds)
            }
        }
        #expect(buffer.takeSkippedByteCount() > 0)
        #expect(accepted < 20, "random bytes rarely pass for records (\(accepted) did)")
    }
}

@Suite("InputRecordBuffer cost")
struct InputRecordBufferCostTests {
    @Test("a long stream read one byte at a time: every record comes out, and at most one record waits",
          arguments: [1, 7, 23, 25, 4096])
    func byteAtATime(readSize: Int) {
        let events = (0..<2_000).flatMap { index in
            KeystrokeEncoder(keymap: .us).events(typing: "5", startingAt: 1_700_000_000_000_000 + Int64(index) * 10_000)
        }
        let bytes = events.flatMap(\.encoded)
        var buffer = InputRecordBuffer()
        var decoded: [InputEvent] = []
        decoded.reserveCapacity(events.count)
        var largestPending = 0
        var offset = 0
        while offset < bytes.count {
            decoded += buffer.append(bytes[offset..<min(offset + readSize, bytes.count)])
            largestPending = max(largestPending, buffer.pendingByteCount)
            offset += readSize
        }
        #expect(decoded == events, "all \(events.count) records, in order, at \(readSize) bytes per read")
        #expect(largestPending < InputEvent.recordSize, "only a partial record waits between reads (saw \(largestPending) bytes)")
        #expect(buffer.takeSkippedByteCount() == 0, "an aligned stream skips nothing")
    }
}
