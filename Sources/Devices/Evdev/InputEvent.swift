import LinuxIO

/// One kernel `struct input_event`: a timestamp, a type, a code and a value.
///
/// Decoded from the raw records an evdev device (or a FIFO/file replaying one) delivers:
/// `timeval` (seconds, microseconds, native `long`s), `__u16 type`, `__u16 code`,
/// `__s32 value`, in native byte order; `InputEventLayout.size` bytes each (24 on x86_64).
public struct InputEvent: Sendable, Hashable, CustomStringConvertible {
    /// `EV_SYN`: separates reports; `code` is `SYN_REPORT` or `SYN_DROPPED`.
    public static let synchronization: UInt16 = 0x00
    /// `EV_KEY`: a key or button; `value` 1 press, 0 release, 2 autorepeat.
    public static let key: UInt16 = 0x01
    /// `EV_MSC`: miscellaneous (scan codes); ignored by the scanner.
    public static let miscellaneous: UInt16 = 0x04
    /// `EV_LED`
    public static let led: UInt16 = 0x11
    /// `SYN_REPORT`: end of a report.
    public static let synReport: UInt16 = 0
    /// `SYN_DROPPED`: the kernel's buffer overran; events were lost up to the next `SYN_REPORT`.
    public static let synDropped: UInt16 = 3

    /// Key `value`s of `EV_KEY` events.
    public enum KeyValue {
        public static let release: Int32 = 0
        public static let press: Int32 = 1
        public static let autorepeat: Int32 = 2
    }

    /// The event's timestamp in microseconds (the kernel's `timeval`; CLOCK_REALTIME unless set otherwise).
    public var timeMicroseconds: Int64
    /// `EV_*`
    public var type: UInt16
    /// `KEY_*`, `SYN_*`…
    public var code: UInt16
    /// For keys: 0 release, 1 press, 2 autorepeat.
    public var value: Int32

    /// An event with the given fields.
    public init(type: UInt16, code: UInt16, value: Int32, timeMicroseconds: Int64 = 0) {
        self.type = type
        self.code = code
        self.value = value
        self.timeMicroseconds = timeMicroseconds
    }

    /// A key event (`EV_KEY`).
    public static func key(_ code: UInt16, _ value: Int32, at microseconds: Int64 = 0) -> InputEvent {
        InputEvent(type: key, code: code, value: value, timeMicroseconds: microseconds)
    }

    /// `SYN_REPORT`.
    public static func report(at microseconds: Int64 = 0) -> InputEvent {
        InputEvent(type: synchronization, code: synReport, value: 0, timeMicroseconds: microseconds)
    }

    /// `SYN_DROPPED`.
    public static func dropped(at microseconds: Int64 = 0) -> InputEvent {
        InputEvent(type: synchronization, code: synDropped, value: 0, timeMicroseconds: microseconds)
    }

    /// Size of one record in bytes (`sizeof(struct input_event)`).
    public static var recordSize: Int { InputEventLayout.size }

    /// Decodes one record from exactly `recordSize` bytes at the start of `bytes`.
    /// Returns nil when fewer bytes are given. Any bit pattern decodes (garbage gives odd
    /// types and codes, which consumers ignore), so decoding never traps.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> InputEvent? {
        decodeChecked(bytes)?.event
    }

    /// Decodes one record and says whether it looks like one the kernel writes: seconds in
    /// `0..<2^34`, microseconds in `0..<1_000_000`, a type the kernel defines with a code in
    /// its range (`KEY_MAX` 0x2ff for keys), a key value of 0, 1 or 2, a `SYN_*` code `<= 3`
    /// with value 0. Used to find
    /// record boundaries again in a stream that lost bytes.
    public static func decodeChecked(_ bytes: UnsafeRawBufferPointer) -> (event: InputEvent, plausible: Bool)? {
        let size = recordSize
        guard bytes.count >= size else { return nil }
        let wordSize = (size - 8) / 2
        let seconds: Int64
        let micros: Int64
        if wordSize == 8 {
            seconds = bytes.loadUnaligned(fromByteOffset: 0, as: Int64.self)
            micros = bytes.loadUnaligned(fromByteOffset: 8, as: Int64.self)
        } else {
            seconds = Int64(bytes.loadUnaligned(fromByteOffset: 0, as: Int32.self))
            micros = Int64(bytes.loadUnaligned(fromByteOffset: 4, as: Int32.self))
        }
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        let (time, overflow2) = product.addingReportingOverflow(micros)
        let event = InputEvent(
            type: bytes.loadUnaligned(fromByteOffset: 2 * wordSize, as: UInt16.self),
            code: bytes.loadUnaligned(fromByteOffset: 2 * wordSize + 2, as: UInt16.self),
            value: bytes.loadUnaligned(fromByteOffset: 2 * wordSize + 4, as: Int32.self),
            timeMicroseconds: overflow || overflow2 ? 0 : time
        )
        var plausible = (0..<(1 << 34)).contains(seconds) && (0..<1_000_000).contains(micros)
        switch event.type {
        case synchronization: plausible = plausible && event.code <= 3 && event.value == 0
        case key: plausible = plausible && event.code <= 0x2FF && (0...2).contains(event.value)
        case miscellaneous: plausible = plausible && event.code <= 0x07
        case led: plausible = plausible && event.code <= 0x0F
        case 0x02, 0x03, 0x05: plausible = plausible && event.code <= 0x3F   // EV_REL, EV_ABS, EV_SW
        case 0x12, 0x14, 0x15, 0x16, 0x17: plausible = plausible && event.code <= 0x7F // EV_SND, EV_REP, EV_FF, EV_PWR, EV_FF_STATUS
        default: plausible = false
        }
        return (event, plausible)
    }

    /// The record's bytes as the kernel would write them (for replays and tests).
    public var encoded: [UInt8] {
        let size = Self.recordSize
        let wordSize = (size - 8) / 2
        var bytes = [UInt8](repeating: 0, count: size)
        let seconds = timeMicroseconds / 1_000_000
        let micros = timeMicroseconds % 1_000_000
        bytes.withUnsafeMutableBytes { raw in
            if wordSize == 8 {
                raw.storeBytes(of: seconds, toByteOffset: 0, as: Int64.self)
                raw.storeBytes(of: micros, toByteOffset: 8, as: Int64.self)
            } else {
                raw.storeBytes(of: Int32(truncatingIfNeeded: seconds), toByteOffset: 0, as: Int32.self)
                raw.storeBytes(of: Int32(truncatingIfNeeded: micros), toByteOffset: 4, as: Int32.self)
            }
            raw.storeBytes(of: type, toByteOffset: 2 * wordSize, as: UInt16.self)
            raw.storeBytes(of: code, toByteOffset: 2 * wordSize + 2, as: UInt16.self)
            raw.storeBytes(of: value, toByteOffset: 2 * wordSize + 4, as: Int32.self)
        }
        return bytes
    }

    /// `key 30 press @1.000250s`
    public var description: String {
        let kind: String
        switch type {
        case Self.synchronization: kind = code == Self.synDropped ? "SYN_DROPPED" : "SYN \(code)"
        case Self.key: kind = "key \(code) " + (value == 1 ? "press" : value == 0 ? "release" : value == 2 ? "repeat" : "value \(value)")
        default: kind = "type \(type) code \(code) value \(value)"
        }
        return "\(kind) @\(timeMicroseconds)µs"
    }
}
