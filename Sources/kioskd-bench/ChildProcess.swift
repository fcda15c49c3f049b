import Foundation
import Glibc
import LinuxIO

/// A child process started with `posix_spawn` and reaped with `waitpid` — no Foundation
/// `Process`, whose `waitUntilExit` spins the calling thread's run loop and can hang when called
/// from the main actor.
///
/// stdin is `/dev/null` (or a given descriptor); stdout goes to `stdout` (a file path, or a pipe when nil, readable
/// through `output`); stderr goes to the same place. The child gets default signal
/// dispositions and an empty signal mask.
final class ChildProcess {
    let pid: pid_t
    /// The read end of the stdout pipe, when stdout was not sent to a file; the caller reads it
    /// to end of file and closes it.
    let output: FileDescriptor?
    private var reaped = false
    private var exitStatus: Int32 = -1

    /// - Throws: `BenchFailure` when the spawn fails.
    init(executable: String, arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
         stdout path: String? = nil, stdinDescriptor: Int32? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdinDescriptor {
            posix_spawn_file_actions_adddup2(&actions, stdinDescriptor, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        var pipeEnds: [Int32] = [-1, -1]
        if let path {
            posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            guard pipe(&pipeEnds) == 0 else { throw BenchFailure("pipe: \(String(cString: strerror(errno)))") }
            for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        }
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        if pipeEnds[1] >= 0 { close(pipeEnds[1]) }
        guard status == 0 else {
            if pipeEnds[0] >= 0 { close(pipeEnds[0]) }
            throw BenchFailure("posix_spawn('\(executable)'): \(String(cString: strerror(status)))")
        }
        pid = child
        output = pipeEnds[0] >= 0 ? FileDescriptor(rawValue: pipeEnds[0], label: "stdout of \(executable)") : nil
    }

    deinit { stop(signal: SIGKILL) }

    /// Sends `signal`, then reaps the child (SIGKILL after `timeoutSeconds`). Returns the exit
    /// status (`WEXITSTATUS`, or 128 + the signal that ended it); -1 when already reaped.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, timeoutSeconds: Double = 10) -> Int32 {
        guard !reaped else { return exitStatus }
        kill(pid, signal)
        return wait(timeoutSeconds: timeoutSeconds) ?? {
            kill(pid, SIGKILL)
            return wait(timeoutSeconds: 5) ?? -1
        }()
    }

    /// Reaps the child if it exits within `timeoutSeconds`; returns its status, else nil.
    func wait(timeoutSeconds: Double) -> Int32? {
        if reaped { return exitStatus }
        let deadline = monotonicNanoseconds() + UInt64(timeoutSeconds * 1e9)
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result == -1 && errno != EINTR { reaped = true; return exitStatus }
            if monotonicNanoseconds() > deadline { return nil }
            usleep(1_000)
        }
        reaped = true
        let termination = status & 0x7F
        exitStatus = termination == 0 ? (status >> 8) & 0xFF : 128 + termination
        return exitStatus
    }

    /// Whether the child has exited (reaping it if so).
    var hasExited: Bool { wait(timeoutSeconds: 0) != nil }
}
