import Foundation
import Synchronization

/// Where log lines go: one `write(2)` per line to a descriptor (stderr for journald), with
/// every registered secret replaced by `***` before the line leaves the process.
///
/// Guarantees: lines from concurrent tasks never interleave (one write per line under a
/// lock); a secret registered with `redact(_:)` never appears in any later line, whatever
/// the message that carried it.
public final class LogSink: Sendable {
    private let descriptor: Int32
    private let secrets = Mutex<[String]>([])
    private let writeLock = Mutex(())

    /// A sink writing to `descriptor` (default 2, stderr). The descriptor is not closed.
    public init(descriptor: Int32 = 2) {
        self.descriptor = descriptor
    }

    /// Registers a secret (an API or backend token) that must never be written.
    /// Empty strings and strings shorter than 4 characters are ignored (they would mask words).
    public func redact(_ secret: String) {
        guard secret.count >= 4 else { return }
        secrets.withLock { list in
            if !list.contains(secret) { list.append(secret) }
        }
    }

    /// Writes one line: the text with secrets masked and newlines folded, then `\n`.
    public func write(line: String) {
        var text = line
        for secret in secrets.withLock({ $0 }) where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: "***")
        }
        if text.contains("\n") { text = text.replacingOccurrences(of: "\n", with: "\\n") }
        text += "\n"
        var bytes = Array(text.utf8)
        writeLock.withLock { _ in
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeMutableBytes { raw in
                    Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                }
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}
