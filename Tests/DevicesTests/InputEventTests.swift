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
}
