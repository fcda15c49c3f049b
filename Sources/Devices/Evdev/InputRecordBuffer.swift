/// Turns the bytes read from an input device into whole `InputEvent`s.
///
/// Reads from a FIFO or a file may end in the middle of a record; the leftover bytes wait
/// for the rest. `discardPartial()` drops an incomplete tail (the writer went away), which
/// keeps the next writer's records aligned.
public struct InputRecordBuffer: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    /// Bytes waiting for the rest of their record.
    public var pendingByteCount: Int { pending.count }

    /// Appends `bytes` and returns every complete record, in order.
    public mutating func append(_ bytes: some Collection<UInt8>) -> [InputEvent] {
        pending.append(contentsOf: bytes)
        let size = InputEvent.recordSize
        let whole = pending.count / size
        guard whole > 0 else { return [] }
        var events: [InputEvent] = []
        events.reserveCapacity(whole)
        pending.withUnsafeBytes { raw in
            for index in 0..<whole {
                let slice = UnsafeRawBufferPointer(rebasing: raw[(index * size)..<((index + 1) * size)])
                if let event = InputEvent.decode(slice) { events.append(event) }
            }
        }
        pending.removeFirst(whole * size)
        return events
    }

    /// Drops an incomplete trailing record; returns how many bytes were dropped.
    @discardableResult
    public mutating func discardPartial() -> Int {
        defer { pending.removeAll() }
        return pending.count
    }
}
