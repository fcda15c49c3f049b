import Foundation
import StrictJSON

/// Where `kioskctl watch` writes: one line per event, flushed at once (a technician reads it
/// live), `HH:MM:SS.mmm source text` or, with `--json`, one JSON object per line.
struct WatchOutput: Sendable {
    let json: Bool

    /// Writes one event. `fields` become the JSON object after `time` and `source`.
    func emit(source: String, text: String, fields: JSONObject) {
        let now = Date()
        if json {
            var object = JSONObject([(key: "time", value: .string(Self.timestamp(now))), (key: "source", value: .string(source))])
            for member in fields.members where member.key != "source" { object[member.key] = member.value }
            write(JSONWriter.string(.object(object)))
        } else {
            write("\(Self.clock(now)) \(source.padding(toLength: 7, withPad: " ", startingAt: 0)) \(text)")
        }
    }

    /// Writes an already built JSON line (raw mode) or text line.
    func emit(source: String, text: String, json object: JSONValue) {
        if json {
            var line = JSONObject([(key: "time", value: .string(Self.timestamp(Date())))])
            if case .object(let members) = object { for member in members.members { line[member.key] = member.value } }
            write(JSONWriter.string(.object(line)))
        } else {
            write("\(Self.clock(Date())) \(source.padding(toLength: 7, withPad: " ", startingAt: 0)) \(text)")
        }
    }

    /// A note for the technician on stderr (never mixed into JSON lines).
    func note(_ text: String) {
        FileHandle.standardError.write(Data("kioskctl watch: \(text)\n".utf8))
    }

    private func write(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// `2026-03-28T14:03:27.512Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// `14:03:27.512` in local time.
    static func clock(_ date: Date) -> String {
        let components = Calendar.current.dateComponents([.hour, .minute, .second, .nanosecond], from: date)
        return String(format: "%02d:%02d:%02d.%03d", components.hour ?? 0, components.minute ?? 0, components.second ?? 0, (components.nanosecond ?? 0) / 1_000_000)
    }
}

/// When `kioskctl watch` stops: after `count` counted events or at `deadline`.
struct WatchBounds: Sendable {
    let count: Int
    /// Nanoseconds on the monotonic clock; nil: never.
    let deadline: UInt64?

    /// Milliseconds left before the deadline (-1: no deadline; 0: passed).
    func remainingMilliseconds(now: UInt64) -> Int32 {
        guard let deadline else { return -1 }
        guard now < deadline else { return 0 }
        return Int32(min(UInt64(Int32.max), (deadline - now) / 1_000_000 + 1))
    }
}
