/// Turns the bytes read from an input device into whole `InputEvent`s.
///
/// Reads from a FIFO or a file may end in the middle of a record; the leftover bytes wait
/// for the rest. `discardPartial()` drops an incomplete tail (the writer went away). When a
/// stream lost bytes anyway (a writer died mid-record and the next one connected before the
/// reader saw the end of file, or plain garbage), records stop looking like records
/// (`InputEvent.decodeChecked`): the buffer then skips byte by byte until a plausible record
/// is followed by another plausible record at most a minute later, and counts what it
/// skipped. An evdev node always delivers whole, plausible records, so its stream never
/// pays for the look-ahead. Resynchronisation relies on kernel-like timestamps: in a replay
/// whose records all carry time zero, shifted windows can look plausible and a few events
/// after a break may be lost.
///
/// Cost: each byte is appended once and looked at a bounded number of times; consumed bytes
/// are dropped by moving a read index, and the storage is compacted only when the consumed
/// head outgrows what is left, so a stream of any length costs O(n) whatever its read sizes.
public struct InputRecordBuffer: Sendable {
    /// Bytes received; those before `readIndex` are consumed.
    private var storage: [UInt8] = []
    private var readIndex = 0
    private var skipped = 0
    private var resynchronising = false
    /// Largest gap between two records accepted as a new boundary while resynchronising.
    static let resyncMaximumGapMicroseconds: Int64 = 60_000_000

    public init() {}

    /// Bytes waiting for the rest of their record.
    public var pendingByteCount: Int { storage.count - readIndex }

    /// Appends `bytes` and returns every complete, plausible record, in order.
    public mutating func append(_ bytes: some Collection<UInt8>) -> [InputEvent] {
        compactIfWorthIt()
        storage.append(contentsOf: bytes)
        let size = InputEvent.recordSize
        guard storage.count - readIndex >= size else { return [] }
        var events: [InputEvent] = []
        var offset = readIndex
        storage.withUnsafeBytes { raw in
            while raw.count - offset >= size {
                let record = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + size)])
                guard let decoded = InputEvent.decodeChecked(record), decoded.plausible else {
                    offset += 1
                    skipped += 1
                    resynchronising = true
                    continue
                }
                if resynchronising {
                    // A boundary found after lost bytes must be confirmed by the next record.
                    guard raw.count - offset >= 2 * size else { break }
                    let following = UnsafeRawBufferPointer(rebasing: raw[(offset + size)..<(offset + 2 * size)])
                    // Both records plausible first: their times are then within 0..<2^34 s, so the
                    // gap cannot overflow whatever the bytes (fuzzing found a time near Int64.min µs).
                    guard let next = InputEvent.decodeChecked(following), next.plausible,
                          (0...Self.resyncMaximumGapMicroseconds).contains(next.event.timeMicroseconds - decoded.event.timeMicroseconds)
                    else {
                        offset += 1
                        skipped += 1
                        continue
                    }
                    resynchronising = false
                }
                if events.isEmpty { events.reserveCapacity((raw.count - offset) / size) }
                events.append(decoded.event)
                offset += size
            }
        }
        readIndex = offset
        if readIndex == storage.count {
            storage.removeAll(keepingCapacity: true)
            readIndex = 0
        }
        return events
    }

    /// Moves the unconsumed tail to the front once the consumed head is larger than it, so
    /// each byte is moved at most a constant number of times overall.
    private mutating func compactIfWorthIt() {
        guard readIndex > 0, readIndex >= storage.count - readIndex else { return }
        storage.removeSubrange(0..<readIndex)
        readIndex = 0
    }

    /// Bytes skipped as garbage since the last call, and resets the count.
    public mutating func takeSkippedByteCount() -> Int {
        defer { skipped = 0 }
        return skipped
    }

    /// Drops an incomplete trailing record; returns how many bytes were dropped.
    @discardableResult
    public mutating func discardPartial() -> Int {
        defer {
            storage.removeAll(keepingCapacity: true)
            readIndex = 0
            resynchronising = false
        }
        return pendingByteCount
    }
}
