import Devices
import Foundation
import Glibc
import KioskService
import LinuxIO

/// `kioskctl watch --raw`: every key event of the scanners, explained per keymap.
///
/// One thread per device does blocking reads (a FIFO's `open` waits for its writer and is
/// opened again after the writer closes; an evdev node is read as it comes; a regular file is
/// read once); the main thread prints what they explain until the bounds are reached. The
/// threads end with the process.
enum RawKeyWatch {
    static func run(scanner: ScannerConfiguration, keymap override: String?, output: WatchOutput, bounds: WatchBounds) throws -> ExitCode {
        var devices: [(path: String, keymap: Keymap)] = []
        for device in scanner.devices {
            guard case .path(let path) = device.match else { continue }
            devices.append((path, Keymap.named(override ?? device.keymap ?? scanner.keymap) ?? .us))
        }
        if scanner.discover {
            let directory = scanner.discoveryDirectory
            let links = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted().filter { $0.hasPrefix(scanner.discoveryPrefix) }
            for link in links {
                let path = (directory as NSString).appendingPathComponent(link)
                guard !devices.contains(where: { $0.path == path }) else { continue }
                let entry = scanner.entry(forPath: path, usbID: nil, name: nil)
                devices.append((path, Keymap.named(override ?? entry?.keymap ?? scanner.keymap) ?? .us))
            }
        }
        guard !devices.isEmpty else {
            throw CommandFailure(.problemsFound, "no scanner to read: none configured and no \(scanner.discoveryDirectory)/\(scanner.discoveryPrefix)* link; give --scanner PATH")
        }
        let queue = LineQueue()
        for device in devices {
            output.note("reading raw key events from \(device.path), decoding with keymap \(device.keymap.name) (* below)")
            let thread = Thread { read(device.path, keymap: device.keymap, options: scanner.assembler, into: queue) }
            thread.name = "kioskctl-raw"
            thread.start()
        }
        var presses = 0
        while presses < bounds.count {
            let remaining = bounds.remainingMilliseconds(now: monotonicNanoseconds())
            if remaining == 0 { break }
            guard let line = queue.take(timeoutMilliseconds: remaining) else { continue }
            output.emit(source: "raw", text: line.text, json: line.json)
            if line.isKeyPress { presses += 1 }
        }
        // What the last counted key press completed (its scan) belongs with it.
        while let line = queue.takeUnlessKeyPress() { output.emit(source: "raw", text: line.text, json: line.json) }
        return .ok
    }

    private static func read(_ path: String, keymap: Keymap, options: BarcodeAssembler.Options, into queue: LineQueue) {
        var explainer = RawKeyExplainer(keymap: keymap, options: options)
        while true {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                queue.put(RawKeyExplainer.Line(isKeyPress: false, text: "cannot open \(path): \(SystemError.current("open"))", json: ["event": "error", "device": .string(path)]))
                sleep(1)
                continue
            }
            var info = stat()
            let isFIFO = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO
            var records = InputRecordBuffer()
            var buffer = [UInt8](repeating: 0, count: InputEvent.recordSize * 64)
            while true {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break }
                for event in records.append(buffer[..<n]) {
                    for line in explainer.explain(event, device: path) { queue.put(line) }
                }
            }
            close(fd)
            // A FIFO's writer went away: wait for the next one. Anything else is read once.
            guard isFIFO else { return }
        }
    }
}

/// Lines handed from the reading threads to the printing thread.
private final class LineQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var lines: [RawKeyExplainer.Line] = []

    func put(_ line: RawKeyExplainer.Line) {
        condition.lock()
        lines.append(line)
        condition.signal()
        condition.unlock()
    }

    /// The next line if one is waiting and it is not a key press.
    func takeUnlessKeyPress() -> RawKeyExplainer.Line? {
        condition.lock()
        defer { condition.unlock() }
        guard let first = lines.first, !first.isKeyPress else { return nil }
        return lines.removeFirst()
    }

    /// The next line, waiting at most `timeoutMilliseconds` (-1: forever).
    func take(timeoutMilliseconds: Int32) -> RawKeyExplainer.Line? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = timeoutMilliseconds < 0 ? Date.distantFuture : Date().addingTimeInterval(Double(timeoutMilliseconds) / 1000)
        while lines.isEmpty {
            if !condition.wait(until: deadline) { return nil }
        }
        return lines.removeFirst()
    }
}
