import CPCSCLite
import Foundation
import Glibc
import LinuxIO

/// Exclusive use of the machine's pcscd and its `vsmartcard-vpcd` virtual reader for one test.
///
/// pcscd is a single system daemon and vpcd has one port, so every test (of any suite, in any
/// process) that uses them runs inside `withExclusiveAccess`, which holds an `flock` on
/// `/tmp/kioskd-pcscd.lock` for the duration. Inside, pcscd is running (started with
/// `pcscd --foreground` when it was not, and left running for the next test) and lists
/// `Virtual PCD 00 00` with no card in it. A test may stop and start pcscd; the harness
/// leaves it running at the end.
///
/// Nothing is skipped: if pcscd cannot be started, the test fails with the reason and the tail
/// of pcscd's log (`/tmp/kioskd-pcscd.log`).
///
/// ```swift
/// try await PCSCDHarness.withExclusiveAccess { pcscd in
///     let card = try VirtualCard(uidHex: "04A1B2C3")
///     defer { card.remove() }
///     …
///     try await pcscd.restartDaemon()
/// }
/// ```
public final class PCSCDHarness: Sendable {
    /// The cross-process lock every user of pcscd/vpcd holds.
    public static let lockPath = "/tmp/kioskd-pcscd.lock"
    /// Where the pcscd started by the harness writes its log.
    public static let logPath = "/tmp/kioskd-pcscd.log"
    /// The daemon (Debian package `pcscd`, installed by `scripts/deps`).
    public static let executable = "/usr/sbin/pcscd"
    /// The reader the `VirtualCard` goes into.
    public static let virtualReader = VirtualCard.readerName
    /// pcscd's socket and pid files (removed by hand after a SIGKILL so it can start again).
    static let runFiles = ["/run/pcscd/pcscd.comm", "/run/pcscd/pcscd.pid"]

    private init() {}

    /// Runs `body` while holding the pcscd lock, with pcscd running and the virtual reader empty.
    /// - Parameter lockTimeout: how long to wait for another test or process to release the lock.
    /// - Throws: `PCSCDHarnessError` when the lock is not obtained in time or pcscd cannot be
    ///   made ready; whatever `body` throws.
    public static func withExclusiveAccess<T>(
        lockTimeout: Duration = .seconds(300),
        _ body: (PCSCDHarness) async throws -> T
    ) async throws -> T {
        let lock = try await acquireLock(timeout: lockTimeout)
        defer { _ = Glibc.close(lock) }
        let harness = PCSCDHarness()
        try await harness.ensureRunning()
        try await harness.waitUntilVirtualReaderIsEmpty()
        return try await body(harness)
    }

    /// Starts pcscd unless one is running, then waits until it lists `Virtual PCD 00 00`.
    /// - Throws: `PCSCDHarnessError` with the reason and the log tail.
    public func ensureRunning() async throws {
        if Self.daemonProcessID() == nil {
            try await startDaemon()
        }
        try await waitForVirtualReader()
    }

    /// Kills pcscd with `signal` (SIGKILL by default: no chance to say goodbye to clients) and
    /// waits until it is gone. Does nothing when pcscd is not running.
    /// - Throws: `PCSCDHarnessError` when it is still there after 5 s.
    public func stopDaemon(signal: Int32 = SIGKILL) async throws {
        guard let pid = Self.daemonProcessID() else { return }
        _ = Glibc.kill(pid, signal)
        let deadline = ContinuousClock.now + .seconds(5)
        while Self.isAlive(pid) {
            guard ContinuousClock.now < deadline else {
                throw PCSCDHarnessError(message: "pcscd (pid \(pid)) still running 5 s after signal \(signal)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        // A killed pcscd leaves its socket and pid file behind, and a new one refuses to start
        // while they name a process that is not yet reaped.
        for file in Self.runFiles { _ = unlink(file) }
    }

    /// `stopDaemon(signal:)` then `ensureRunning()`.
    public func restartDaemon(signal: Int32 = SIGKILL) async throws {
        try await stopDaemon(signal: signal)
        try await ensureRunning()
    }

    /// Starts `pcscd --foreground`, detached (it outlives the test process and is reused).
    public func startDaemon() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw PCSCDHarnessError(message: "\(Self.executable) not found: install pcscd and vsmartcard-vpcd (bash scripts/deps)")
        }
        for file in Self.runFiles { _ = unlink(file) }
        try Self.spawnDetached(Self.executable, logPath: Self.logPath)
        let deadline = ContinuousClock.now + .seconds(5)
        while Self.daemonProcessID() == nil || !FileManager.default.fileExists(atPath: Self.runFiles[0]) {
            guard ContinuousClock.now < deadline else {
                throw PCSCDHarnessError(message: "pcscd did not start within 5 s\(Self.logTail())")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The readers pcscd lists now, or nil when it does not answer.
    public func readerNames() -> [String]? {
        var context: SCARDCONTEXT = 0
        guard SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &context) == SCARD_S_SUCCESS else { return nil }
        defer { _ = SCardReleaseContext(context) }
        var length: DWORD = 0
        let sizing = SCardListReaders(context, nil, nil, &length)
        if sizing == SCARD_E_NO_READERS_AVAILABLE { return [] }
        guard sizing == SCARD_S_SUCCESS else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(length))
        guard SCardListReaders(context, nil, &buffer, &length) == SCARD_S_SUCCESS else { return nil }
        return buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }
            .split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The process id of the running pcscd (not a zombie), found in `/proc`.
    public static func daemonProcessID() -> pid_t? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        for entry in entries {
            guard let pid = pid_t(entry),
                  let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8),
                  comm.trimmingCharacters(in: .whitespacesAndNewlines) == "pcscd",
                  isAlive(pid)
            else { continue }
            return pid
        }
        return nil
    }

    // MARK: - Private

    private func waitForVirtualReader() async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let names = readerNames()
            if names?.contains(Self.virtualReader) == true { return }
            guard ContinuousClock.now < deadline else {
                let seen = names.map { "lists \($0)" } ?? "does not answer"
                throw PCSCDHarnessError(message:
                    "pcscd \(seen) after 10 s, not '\(Self.virtualReader)': is vsmartcard-vpcd installed (bash scripts/deps)?\(Self.logTail())")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until no card is in the virtual reader (a card left by an earlier test is seen
    /// removed by pcscd within its 400 ms poll).
    private func waitUntilVirtualReaderIsEmpty() async throws {
        var context: SCARDCONTEXT = 0
        guard SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &context) == SCARD_S_SUCCESS else {
            throw PCSCDHarnessError(message: "SCardEstablishContext failed on a running pcscd\(Self.logTail())")
        }
        defer { _ = SCardReleaseContext(context) }
        let deadline = ContinuousClock.now + .seconds(5)
        let name = strdup(Self.virtualReader)!
        defer { free(name) }
        while true {
            var state = SCARD_READERSTATE()
            state.szReader = UnsafePointer(name)
            let status = SCardGetStatusChange(context, 0, &state, 1)
            if status == SCARD_S_SUCCESS && state.dwEventState & DWORD(SCARD_STATE_EMPTY) != 0 { return }
            guard ContinuousClock.now < deadline else {
                throw PCSCDHarnessError(message: "'\(Self.virtualReader)' still holds a card after 5 s (state 0x\(String(state.dwEventState, radix: 16)))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Runs `executable --foreground` through `/bin/bash -c "… &"`, so that it is not our child (it keeps
    /// running for later tests and nobody here has to reap it). The shell closes every
    /// descriptor above 2 first (pcscd must not keep another test's pipes or sockets open; bash,
    /// because dash cannot name descriptors above 9), and
    /// the spawn resets the signal mask and dispositions (pool threads block signals, and
    /// pcscd must die on SIGTERM).
    private static func spawnDetached(_ executable: String, logPath: String) throws {
        let script = """
            for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done 2>/dev/null
            "$1" --foreground </dev/null >"$2" 2>&1 &
            """
        let words: [String] = ["/bin/bash", "-c", script, "kioskd-pcscd-start", executable, logPath]
        let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) }
        defer { arguments.forEach { free($0) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var shell: pid_t = 0
        let spawned = posix_spawn(&shell, "/bin/bash", nil, &attributes, arguments + [nil], environ)
        guard spawned == 0 else {
            throw PCSCDHarnessError(message: "posix_spawn('/bin/bash'): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(shell, &status, 0) == -1 && errno == EINTR {}
    }

    private static func acquireLock(timeout: Duration) async throws -> Int32 {
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            throw PCSCDHarnessError(message: "open('\(lockPath)'): \(String(cString: strerror(errno)))")
        }
        _ = fchmod(fd, 0o666)
        let deadline = ContinuousClock.now + timeout
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                _ = Glibc.close(fd)
                throw PCSCDHarnessError(message: "flock('\(lockPath)'): \(reason)")
            }
            guard ContinuousClock.now < deadline else {
                _ = Glibc.close(fd)
                throw PCSCDHarnessError(message: "another test held \(lockPath) for more than \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return fd
    }

    /// Whether `pid` exists and is not a zombie.
    private static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    private static func logTail() -> String {
        guard let log = try? String(contentsOfFile: logPath, encoding: .utf8), !log.isEmpty else { return "" }
        return "\n--- \(logPath) (last lines) ---\n" + log.split(separator: "\n").suffix(15).joined(separator: "\n")
    }
}

/// pcscd or the virtual reader could not be made ready for a test.
public struct PCSCDHarnessError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
