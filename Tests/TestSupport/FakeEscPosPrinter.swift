import Foundation
import Glibc
import LinuxIO
import Synchronization

/// A receipt printer for tests, on a loopback TCP port or a pseudo-terminal: it records every
/// byte it receives and answers `DLE EOT n` real-time status requests like an Epson printer
/// in the condition the test sets (ready, paper near end, paper out, cover open), or not at
/// all (`silent`).
///
/// Bytes are recorded as they arrive; `DLE EOT n` sequences are answered and kept out of
/// `printed`. The TCP side accepts one connection at a time, as printers on port 9100 do.
public final class FakeEscPosPrinter: Sendable {
    /// What the printer answers to `DLE EOT`.
    public enum Condition: Sendable, Equatable {
        case ready
        case paperNearEnd
        case paperOut
        case coverOpen
        /// Never answers (many printers, and every one-way link).
        case silent

        /// The answers to `DLE EOT 1…4`, nil for a silent printer.
        public func answer(_ n: UInt8) -> UInt8? {
            switch (self, n) {
            case (.silent, _): return nil
            case (.paperOut, 1), (.coverOpen, 1): return 0x1A  // offline
            case (.paperOut, 2): return 0x32  // stopped by paper end
            case (.paperOut, 4): return 0x72  // paper end (bits 5-6)
            case (.coverOpen, 2): return 0x16  // cover open
            case (.paperNearEnd, 4): return 0x1E  // near end only
            default: return 0x12
            }
        }
    }

    private struct State {
        var condition: Condition = .ready
        var received: [UInt8] = []
        var printed: [UInt8] = []
        var statusRequests: [UInt8] = []
        var connections = 0
        var pending: [UInt8] = []
    }

    private let state = Mutex(State())
    private let changed = NSCondition()
    private let stopSignal: EventFD
    private let finished = DispatchSemaphore(value: 0)
    private let listener: FileDescriptor?
    private let terminal: PseudoTerminal?

    /// The TCP port (0 for a pseudo-terminal printer).
    public let port: UInt16
    /// The serial device path of a pseudo-terminal printer ("" for a TCP printer).
    public let devicePath: String

    private init(listener: FileDescriptor?, port: UInt16, terminal: PseudoTerminal?) throws {
        self.listener = listener
        self.port = port
        self.terminal = terminal
        self.devicePath = terminal?.devicePath ?? ""
        self.stopSignal = try EventFD()
        let thread = Thread { [self] in
            self.serve()
            self.finished.signal()
        }
        thread.name = "fake-escpos-printer"
        thread.start()
    }

    /// A printer listening on `127.0.0.1` at a port chosen by the kernel.
    public static func overTCP(condition: Condition = .ready) throws -> FakeEscPosPrinter {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw SystemError.current("socket") }
        let listener = FileDescriptor(rawValue: fd, label: "fake printer listener")
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 4) == 0 else {
            listener.close()
            throw SystemError.current("bind/listen 127.0.0.1:0")
        }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let printer = try FakeEscPosPrinter(listener: listener, port: UInt16(bigEndian: address.sin_port), terminal: nil)
        printer.condition = condition
        return printer
    }

    /// A printer on the controller side of a new pseudo-terminal; print to `devicePath`.
    public static func overPseudoTerminal(condition: Condition = .ready) throws -> FakeEscPosPrinter {
        let terminal = try PseudoTerminal.open()
        try terminal.controller.setNonBlocking(true)
        let printer = try FakeEscPosPrinter(listener: nil, port: 0, terminal: terminal)
        printer.condition = condition
        return printer
    }

    deinit { stop() }

    /// The condition status answers report.
    public var condition: Condition {
        get { state.withLock { $0.condition } }
        set { state.withLock { $0.condition = newValue } }
    }

    /// Every byte received, status requests included.
    public var received: [UInt8] { state.withLock { $0.received } }
    /// The bytes received, without the `DLE EOT n` requests: what would go to paper.
    public var printed: [UInt8] { state.withLock { $0.printed } }
    /// The `n` of each `DLE EOT n` received, in order.
    public var statusRequests: [UInt8] { state.withLock { $0.statusRequests } }
    /// Connections accepted so far (TCP).
    public var connections: Int { state.withLock { $0.connections } }

    /// Writes raw bytes to the host (on a pseudo-terminal: XOFF `0x13`, XON `0x11`…).
    public func sendToHost(_ bytes: [UInt8]) throws {
        guard let terminal else { return }
        try terminal.controller.writeAll(bytes)
    }

    /// Waits until `predicate` holds for the printed bytes, or `seconds` pass.
    @discardableResult
    public func waitForPrinted(seconds: Double = 5, _ predicate: ([UInt8]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        changed.lock()
        defer { changed.unlock() }
        while !predicate(printed) {
            if !changed.wait(until: deadline) { return predicate(printed) }
        }
        return true
    }

    /// Stops serving and closes everything (idempotent).
    public func stop() {
        stopSignal.signal()
        finished.wait()
        finished.signal()
    }

    // MARK: serving

    private func serve() {
        var connection: FileDescriptor? = nil
        defer {
            connection?.close()
            listener?.close()
            terminal?.close()
        }
        while true {
            var set: [(FileDescriptor, PollEvents)] = [(stopSignal.descriptor, .readable)]
            if let terminal { set.append((terminal.controller, .readable)) }
            if let listener, connection == nil { set.append((listener, .readable)) }
            if let connection { set.append((connection, .readable)) }
            guard let ready = try? Poll.wait(set, timeoutMilliseconds: -1) else { return }
            if !ready[0].isEmpty { return }
            for (index, events) in ready.enumerated().dropFirst() where !events.isEmpty {
                let fd = set[index].0
                if let listener, fd == listener {
                    let accepted = accept(listener.rawValue, nil, nil)
                    if accepted >= 0 {
                        _ = fcntl(accepted, F_SETFD, FD_CLOEXEC)
                        _ = fcntl(accepted, F_SETFL, O_NONBLOCK)
                        connection = FileDescriptor(rawValue: accepted, label: "fake printer connection")
                        state.withLock { $0.connections += 1 }
                    }
                    continue
                }
                guard let bytes = try? fd.read(upTo: 4096) else {
                    if fd == connection { connection?.close(); connection = nil }
                    continue
                }
                if bytes.isEmpty {
                    if fd == connection { connection?.close(); connection = nil }
                    continue
                }
                let answers = take(bytes)
                if !answers.isEmpty { try? fd.writeAll(answers) }
            }
        }
    }

    /// Records `bytes`, returns the status answers to send back.
    private func take(_ bytes: [UInt8]) -> [UInt8] {
        let answers = state.withLock { state -> [UInt8] in
            state.received += bytes
            var input = state.pending + bytes
            state.pending = []
            var answers: [UInt8] = []
            var i = 0
            while i < input.count {
                if input[i] == 0x10 {
                    if i + 2 >= input.count {
                        state.pending = Array(input[i...])
                        break
                    }
                    if input[i + 1] == 0x04 {
                        let n = input[i + 2]
                        state.statusRequests.append(n)
                        if let answer = state.condition.answer(n) { answers.append(answer) }
                        i += 3
                        continue
                    }
                }
                state.printed.append(input[i])
                i += 1
            }
            input.removeAll()
            return answers
        }
        changed.lock()
        changed.broadcast()
        changed.unlock()
        return answers
    }
}
