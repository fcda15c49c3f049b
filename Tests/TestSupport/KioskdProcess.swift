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
        errPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.append(String(decoding: data, as: UTF8.self))
        }
        outPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.stdoutText.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
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
    public func waitForLine(containing text: String, timeout: Duration = .seconds(20)) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = lines.first(where: { $0.contains(text) }) { return line }
            if !process.isRunning {
                try? await Task.sleep(for: .milliseconds(50))
                return lines.first(where: { $0.contains(text) })
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Sends `signal` to the process.
    public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to exit; returns its exit status, or nil after `timeout` (the
    /// process is then killed).
    public func waitForExit(timeout: Duration = .seconds(20)) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                kill(process.processIdentifier, SIGKILL)
                return nil
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        // Let the pipe handlers deliver the last lines.
        try? await Task.sleep(for: .milliseconds(50))
        return process.terminationStatus
    }

    /// Runs kioskd to completion (for commands that exit by themselves, such as a bad config).
    /// - Returns: the exit status and the stderr lines.
    public static func runToExit(
        arguments: [String], directory: String, environment: [String: String] = [:], timeout: Duration = .seconds(20)
    ) async throws -> (status: Int32?, lines: [String], stdout: String) {
        let child = try KioskdProcess(arguments: arguments, directory: directory, environment: environment)
        let status = await child.waitForExit(timeout: timeout)
        return (status, child.lines, child.standardOutput)
    }
}
