import Foundation
import Glibc
import Synchronization

/// The real `kioskd` binary running as a child process, for tests that check exit codes, log
/// lines, signals and the API from outside.
///
/// Its stderr is collected line by line; `waitForLine` waits for a line containing a string
/// (the API address, `ready`), `stop` sends a signal and waits for the exit status.
public final class KioskdProcess: @unchecked Sendable {
    /// The child process.
    public let process: Process
    private let stderrLines = Mutex<[String]>([])
    private let stdoutText = Mutex<String>("")
    private let partial = Mutex<String>("")
    private var readers: [ReaderFlag] = []

    /// Starts `BuiltProducts.kioskd` with `arguments`, in `directory`, with `environment` added
    /// to this process's environment (minus `NOTIFY_SOCKET` unless given).
    /// - Throws: what `Process.run()` throws.
    public init(arguments: [String], directory: String, environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = BuiltProducts.kioskd
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = nil
        env["WATCHDOG_USEC"] = nil
        env["WATCHDOG_PID"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let errPipe = Pipe()
        let outPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = outPipe
        try process.run()
        // One thread per pipe reads until end of file, so every byte the daemon wrote is
        // collected even when the test's tasks are starved, and `waitForExit` can wait for
        // the last line instead of guessing with a sleep.
        readers = [
            Self.startReader(errPipe.fileHandleForReading) { [weak self] text in self?.append(text) },
            Self.startReader(outPipe.fileHandleForReading) { [weak self] text in self?.stdoutText.withLock { $0 += text } },
        ]
    }

    /// Reads `handle` to end of file on its own thread; the returned flag is set at EOF.
    private static func startReader(_ handle: FileHandle, deliver: @escaping @Sendable (String) -> Void) -> ReaderFlag {
        let flag = ReaderFlag()
        let thread = Thread {
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                deliver(String(decoding: data, as: UTF8.self))
            }
            flag.finish()
        }
        thread.start()
        return flag
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    private func append(_ text: String) {
        let complete: [String] = partial.withLock { rest in
            rest += text
            var lines = rest.components(separatedBy: "\n")
            rest = lines.removeLast()
            return lines
        }
        stderrLines.withLock { $0 += complete }
    }

    /// Every complete stderr line so far.
    public var lines: [String] { stderrLines.withLock { $0 } }
    /// Everything written to stdout so far.
    public var standardOutput: String { stdoutText.withLock { $0 } }

    /// Waits until a stderr line contains `text`; returns that line, or nil after `timeout`
    /// or when the process exits first.
    public func waitForLine(containing text: String, timeout: Duration = .seconds(60)) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let line = lines.first(where: { $0.contains(text) }) { return line }
            if !process.isRunning {
                await waitForReaders(until: deadline)
                return lines.first(where: { $0.contains(text) })
            }
            // Checked after looking at the lines, so a task starved past the deadline still
            // sees what arrived meanwhile.
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until both pipes reached end of file (or `deadline`).
    private func waitForReaders(until deadline: ContinuousClock.Instant) async {
        while !readers.allSatisfy(\.isFinished), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Sends `signal` to the process.
    public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to exit; returns its exit status, or nil after `timeout` (the
    /// process is then killed).
    public func waitForExit(timeout: Duration = .seconds(60)) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                kill(process.processIdentifier, SIGKILL)
                return nil
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        await waitForReaders(until: deadline + .seconds(5))
        return process.terminationStatus
    }

    /// Runs kioskd to completion (for commands that exit by themselves, such as a bad config).
    /// - Returns: the exit status and the stderr lines.
    public static func runToExit(
        arguments: [String], directory: String, environment: [String: String] = [:], timeout: Duration = .seconds(60)
    ) async throws -> (status: Int32?, lines: [String], stdout: String) {
        let child = try KioskdProcess(arguments: arguments, directory: directory, environment: environment)
        let status = await child.waitForExit(timeout: timeout)
        return (status, child.lines, child.standardOutput)
    }
}

/// Set once a pipe reader thread reached end of file.
private final class ReaderFlag: Sendable {
    private let done = Mutex(false)
    func finish() { done.withLock { $0 = true } }
    var isFinished: Bool { done.withLock { $0 } }
}
