/// One event of a `text/event-stream`, as a client receives it.
public struct EventStreamMessage: Sendable, Equatable {
    /// The `id:` field, when the event had one.
    public var id: String?
    /// The `event:` field (`message` when absent, as the SSE specification says).
    public var event: String
    /// The `data:` fields joined with line feeds.
    public var data: String

    public init(id: String? = nil, event: String = "message", data: String) {
        self.id = id
        self.event = event
        self.data = data
    }
}

/// Splits a Server-Sent Events body into events (WHATWG "event stream interpretation"). Pure.
///
/// Lines end with LF, CRLF or CR; a blank line dispatches the event being built; lines
/// starting with `:` are comments (heartbeats); `retry:` is ignored. An event with no data
/// line is not dispatched. Guarantees: at most `maximumEventBytes` are buffered for one
/// event; a longer one is dropped and counted in `droppedEvents`.
public struct EventStreamParser: Sendable {
    /// The largest event (all its lines) kept.
    public static let maximumEventBytes = 1 << 20

    private var line: [UInt8] = []
    private var lastWasCR = false
    private var id: String?
    private var event: String?
    private var dataLines: [String] = []
    private var eventBytes = 0
    private var oversized = false
    /// Events thrown away for exceeding `maximumEventBytes`.
    public private(set) var droppedEvents = 0

    public init() {}

    /// Takes body bytes and returns the events they completed, in order.
    public mutating func feed(_ bytes: [UInt8]) -> [EventStreamMessage] {
        var events: [EventStreamMessage] = []
        for byte in bytes {
            if byte == 10 && lastWasCR {  // the LF of a CRLF: the line already ended at CR
                lastWasCR = false
                continue
            }
            lastWasCR = byte == 13
            if byte == 10 || byte == 13 {
                if let event = endLine() { events.append(event) }
            } else if !oversized {
                line.append(byte)
                eventBytes += 1
                if eventBytes > Self.maximumEventBytes {
                    oversized = true
                    line = []
                    dataLines = []
                }
            }
        }
        return events
    }

    private mutating func endLine() -> EventStreamMessage? {
        defer { line = [] }
        if line.isEmpty {
            defer {
                id = nil
                event = nil
                dataLines = []
                eventBytes = 0
                oversized = false
            }
            if oversized {
                droppedEvents += 1
                return nil
            }
            guard !dataLines.isEmpty else { return nil }
            return EventStreamMessage(id: id, event: event ?? "message", data: dataLines.joined(separator: "\n"))
        }
        guard !oversized, line.first != UInt8(ascii: ":") else { return nil }
        let text = String(decoding: line, as: UTF8.self)
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = Substring(text)
            value = ""
        }
        switch field {
        case "data": dataLines.append(String(value))
        case "event": event = String(value)
        case "id" where !value.contains("\0"): id = String(value)
        default: break
        }
        return nil
    }
}
