import Foundation
import Glibc
import LinuxIO

/// Runs a binary with its standard output on a pseudo-terminal, as when a person runs it in a
/// terminal, and its standard error on a pipe, so a test can tell what a command does only
/// for a person watching (progress lines) from what it prints for scripts.
public enum TerminalProcessRunner {
    /// Runs `executable` with `arguments` until it exits. `stdout` of the result is what the
    /// terminal received, with the line discipline's `\r\n` line endings. With
    /// `stderrOnTerminal`, standard error goes to the terminal too (as in an interactive shell)
    /// and the result's `stderr` is empty.
    /// - Throws: `SystemError` for `openpty`; what `Process.run()` throws.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:], stderrOnTerminal: Bool = false
    ) throws -> ProcessResult {
        let terminal = try PseudoTerminal.open()
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle(fileDescriptor: terminal.device.rawValue, closeOnDealloc: false)
        process.standardInput = FileHandle.nullDevice
        let errPipe = Pipe()
        process.standardError = stderrOnTerminal ? process.standardOutput : errPipe
        // The terminal's output is read while the child runs: a full pty buffer would block it.
        let screen = TerminalScreen()
        let controller = terminal.controller.rawValue
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                // Normally ends with EIO once the child, the last holder of the device side,
                // exited; the poll timeout ends it too should another test's child have
                // inherited the device side in the instant before it was made close-on-exec.
                var watched = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
                let ready = poll(&watched, 1, 200)
                if ready == 0 { if screen.childExited { break } else { continue } }
                if ready < 0 { if errno == EINTR { continue } else { break } }
                let count = read(controller, &buffer, buffer.count)
                if count > 0 { screen.append(buffer[0..<count]); continue }
                if count < 0, errno == EINTR { continue }
                break
            }
            screen.finish()
        }
        let errData = TerminalScreen()
        let errReader = Thread {
            errData.append(errPipe.fileHandleForReading.readDataToEndOfFile())
            errData.finish()
        }
        try process.run()
        try? errPipe.fileHandleForWriting.close()
        terminal.device.close()  // the child holds its own copy: the controller reads EIO when it exits
        reader.start()
        errReader.start()
        process.waitUntilExit()
        screen.markChildExited()
        screen.waitUntilFinished()
        errData.waitUntilFinished()
        terminal.controller.close()
        return ProcessResult(
            status: process.terminationStatus,
            stdout: String(decoding: screen.bytes, as: UTF8.self),
            stderr: String(decoding: errData.bytes, as: UTF8.self))
    }
}

/// Bytes collected by a reader thread, handed over once it reached the end.
private final class TerminalScreen: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [UInt8] = []
    private let done = DispatchSemaphore(value: 0)

    func append<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        lock.lock()
        collected.append(contentsOf: bytes)
        lock.unlock()
    }

    private var exited = false

    func markChildExited() { lock.lock(); exited = true; lock.unlock() }
    var childExited: Bool { lock.lock(); defer { lock.unlock() }; return exited }

    func finish() { done.signal() }
    func waitUntilFinished() { done.wait() }

    var bytes: [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        return collected
    }
}
