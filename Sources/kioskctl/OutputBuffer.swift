import Foundation

/// Buffered standard output for commands that print many lines (e.g. 100,000 card codes):
/// one `write` per 64 KiB instead of one per line.
struct OutputBuffer {
    private var bytes: [UInt8] = []
    private static let flushThreshold = 64 * 1024

    init() { bytes.reserveCapacity(Self.flushThreshold + 256) }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        if bytes.count >= Self.flushThreshold { flush() }
    }

    mutating func flush() {
        guard !bytes.isEmpty else { return }
        FileHandle.standardOutput.write(Data(bytes))
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Progress on stderr for long work, shown only when stdout is a terminal (so pipes and
/// scripts get clean output), for 1,000 items or more, redrawn when the percentage changes.
final class ProgressReporter {
    private let total: Int
    private let label: String
    private let enabled: Bool
    private var lastPercent = -1

    init(total: Int, label: String, enabled: Bool = isatty(STDOUT_FILENO) == 1) {
        self.total = total
        self.label = label
        self.enabled = enabled && total >= 1000
    }

    func advance(to done: Int) {
        guard enabled else { return }
        let percent = done * 100 / max(total, 1)
        guard percent != lastPercent else { return }
        lastPercent = percent
        FileHandle.standardError.write(Data("\r\(label): \(done)/\(total) (\(percent) %)".utf8))
    }

    func finish() {
        guard enabled, lastPercent >= 0 else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
