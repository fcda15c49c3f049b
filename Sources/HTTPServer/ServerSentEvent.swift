/// One Server-Sent Event as published: its ring sequence, its wire id, name and data, and the
/// `text/event-stream` frame sent to every client (encoded once, at publish time).
public struct ServerSentEvent: Sendable, Equatable {
    /// Position in the broadcaster's ring (1, 2, 3, … per broadcaster).
    public let sequence: UInt64
    /// The `id:` sent to clients: `<epoch>-<sequence>`, opaque to clients, echoed back in
    /// `Last-Event-ID` on reconnection.
    public let id: String
    /// The `event:` name (`scan`, `sale-closed`, …).
    public let event: String
    /// The payload, usually JSON; sent as one `data:` line per line of text.
    public let data: String
    /// The encoded frame: `id: …\nevent: …\ndata: …\n\n`.
    public let frame: [UInt8]

    /// Builds the event and its frame. CR and LF in `event` are replaced by `-` (they would end
    /// the field); `data` is split on CRLF, CR and LF into several `data:` lines, which the
    /// client joins back with `\n`.
    public init(sequence: UInt64, id: String, event: String, data: String) {
        self.sequence = sequence
        self.id = id
        self.event = String(event.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? "-" : $0 })
        self.data = data
        frame = Self.frame(id: id, event: self.event, data: data)
    }

    /// `[id: …\n][event: …\n]data: …\n…\n` for any event, including unsequenced ones.
    static func frame(id: String?, event: String?, data: String) -> [UInt8] {
        var text = ""
        if let id { text += "id: \(id)\n" }
        if let event, !event.isEmpty { text += "event: \(event)\n" }
        var line = ""
        for character in data {
            if character == "\r" || character == "\n" || character == "\r\n" {
                text += "data: \(line)\n"
                line = ""
            } else {
                line.append(character)
            }
        }
        text += "data: \(line)\n\n"
        return Array(text.utf8)
    }

    public static func == (lhs: ServerSentEvent, rhs: ServerSentEvent) -> Bool {
        lhs.sequence == rhs.sequence && lhs.id == rhs.id && lhs.event == rhs.event && lhs.data == rhs.data
    }
}
