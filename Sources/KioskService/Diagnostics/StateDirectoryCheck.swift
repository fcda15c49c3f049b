import Foundation
import Glibc

/// Is the state directory (ledger, outbox) there, writable, and not about to fill up?
/// A full or read-only disk stops sales from closing, so this is a hard failure.
public struct StateDirectoryCheck: DiagnosticCheck {
    public let id = "state-directory"
    public init() {}

    public func run(in environment: DiagnosticEnvironment) -> DiagnosticResult {
        let directory = environment.stateDirectory
        let title = "state directory writable with free space"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: "\(directory) does not exist",
                fix: "mkdir -p \(directory) && chown \(environment.daemonUser): \(directory) (systemd creates it via StateDirectory=)")
        }
        guard isDirectory.boolValue else {
            return DiagnosticResult(id: id, title: title, status: .failed, evidence: "\(directory) is not a directory",
                                    fix: "move the file away and restart kioskd")
        }
        let probe = (directory as NSString).appendingPathComponent(".kioskctl-doctor-\(getpid())")
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            let code = errno
            let reason = "\(String(cString: strerror(code))) (errno \(code))"
            let fix = code == EROFS
                ? "the filesystem is mounted read-only: check `dmesg` for disk errors, then remount read-write (mount -o remount,rw)"
                : code == ENOSPC ? "free space on the disk holding \(directory)" : "chown -R \(environment.daemonUser): \(directory)"
            return DiagnosticResult(id: id, title: title, status: .failed, evidence: "cannot create a file in \(directory): \(reason)", fix: fix)
        }
        var writeFailed: Int32 = 0
        var block = [UInt8](repeating: 0, count: 4096)
        if write(fd, &block, block.count) != block.count || fsync(fd) != 0 { writeFailed = errno }
        close(fd)
        unlink(probe)
        if writeFailed != 0 {
            return DiagnosticResult(
                id: id, title: title, status: .failed,
                evidence: "writing 4 KiB in \(directory) failed: \(String(cString: strerror(writeFailed))) (errno \(writeFailed))",
                fix: "free space on the disk holding \(directory) (du -sh /var/log/journal; journalctl --vacuum-size=100M)")
        }
        var fs = statvfs()
        guard statvfs(directory, &fs) == 0 else {
            return DiagnosticResult(id: id, title: title, status: .warning, evidence: "statvfs(\(directory)) failed", fix: nil)
        }
        let free = UInt64(fs.f_bavail) * UInt64(fs.f_frsize)
        let freeText = Self.megabytes(free)
        if free < environment.minimumFreeBytes {
            return DiagnosticResult(
                id: id, title: title, status: .failed,
                evidence: "only \(freeText) free on the filesystem of \(directory) (minimum \(Self.megabytes(environment.minimumFreeBytes)))",
                fix: "free space on that disk (journalctl --vacuum-size=100M; apt-get clean)")
        }
        return DiagnosticResult(id: id, title: title, status: .ok, evidence: "\(directory) writable, \(freeText) free")
    }

    static func megabytes(_ bytes: UInt64) -> String { "\(bytes / (1024 * 1024)) MiB" }
}
