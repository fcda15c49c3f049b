/// Serialises `JSONValue`s to compact or indented JSON text.
///
/// Numbers are written as their stored text, so a decimal read from a file is written back
/// unchanged; strings are escaped per RFC 8259 (control characters as `\u00XX`).
public enum JSONWriter {
    /// The value as JSON text; `indent` > 0 pretty-prints with that many spaces per level.
    public static func string(_ value: JSONValue, indent: Int = 0) -> String {
        var out = ""
        write(value, to: &out, indent: indent, level: 0)
        return out
    }

    private static func write(_ value: JSONValue, to out: inout String, indent: Int, level: Int) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let text): out += text
        case .string(let s): writeString(s, to: &out)
        case .array(let elements):
            if elements.isEmpty { out += "[]"; return }
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent: indent, level: level + 1)
                write(element, to: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent: indent, level: level)
            out += "]"
        case .object(let object):
            if object.members.isEmpty { out += "{}"; return }
            out += "{"
            for (i, member) in object.members.enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent: indent, level: level + 1)
                writeString(member.key, to: &out)
                out += indent > 0 ? ": " : ":"
                write(member.value, to: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent: indent, level: level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, indent: Int, level: Int) {
        guard indent > 0 else { return }
        out += "\n" + String(repeating: " ", count: indent * level)
    }

    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        // Most strings need no escape: copy them whole instead of scalar by scalar (bytes of
        // multi-byte UTF-8 sequences are all ≥ 0x80, so they never look like `"`, `\` or a control).
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
