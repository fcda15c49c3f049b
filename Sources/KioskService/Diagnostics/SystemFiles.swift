import Foundation
import Glibc

/// Small read-only helpers over the (possibly fake) system tree used by diagnostics.
enum SystemFiles {
    /// The names in a directory, sorted; empty when it does not exist.
    static func list(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    /// `stat(2)` of `path`, following symlinks.
    static func status(_ path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }

    /// The uid and every gid of `user`, from `<root>/etc/passwd` and `<root>/etc/group`.
    static func identity(of user: String, in environment: DiagnosticEnvironment) -> (uid: UInt32, gids: Set<UInt32>)? {
        guard let passwd = read(environment.system("/etc/passwd")) else { return nil }
        for line in passwd.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count >= 4, fields[0] == user, let uid = UInt32(fields[2]), let gid = UInt32(fields[3]) else { continue }
            var gids: Set<UInt32> = [gid]
            for groupLine in (read(environment.system("/etc/group")) ?? "").split(separator: "\n") {
                let g = groupLine.split(separator: ":", omittingEmptySubsequences: false)
                guard g.count >= 4, let id = UInt32(g[2]) else { continue }
                if g[3].split(separator: ",").contains(Substring(user)) { gids.insert(id) }
            }
            return (uid, gids)
        }
        return nil
    }

    /// The name of group `gid` from `<root>/etc/group`, or the number.
    static func groupName(_ gid: UInt32, in environment: DiagnosticEnvironment) -> String {
        for line in (read(environment.system("/etc/group")) ?? "").split(separator: "\n") {
            let g = line.split(separator: ":", omittingEmptySubsequences: false)
            if g.count >= 3, UInt32(g[2]) == gid { return String(g[0]) }
        }
        return String(gid)
    }

    /// Whether a user with `uid`/`gids` may open `info`'s node for reading (and writing).
    static func permits(_ info: stat, uid: UInt32, gids: Set<UInt32>, write: Bool) -> Bool {
        if uid == 0 { return true }
        let mode = info.st_mode
        let (r, w): (mode_t, mode_t)
        if info.st_uid == uid { (r, w) = (S_IRUSR, S_IWUSR) } else if gids.contains(info.st_gid) { (r, w) = (S_IRGRP, S_IWGRP) } else { (r, w) = (S_IROTH, S_IWOTH) }
        return mode & r != 0 && (!write || mode & w != 0)
    }

    /// `ls -l`-style description of a node: `crw-rw---- root:input`.
    static func describe(_ info: stat, in environment: DiagnosticEnvironment) -> String {
        let mode = info.st_mode
        let bits: [(mode_t, Character)] = [
            (S_IRUSR, "r"), (S_IWUSR, "w"), (S_IXUSR, "x"), (S_IRGRP, "r"), (S_IWGRP, "w"), (S_IXGRP, "x"),
            (S_IROTH, "r"), (S_IWOTH, "w"), (S_IXOTH, "x"),
        ]
        let type: Character = (mode & S_IFMT) == S_IFCHR ? "c" : (mode & S_IFMT) == S_IFIFO ? "p" : (mode & S_IFMT) == S_IFDIR ? "d" : "-"
        let perms = String(bits.map { mode & $0.0 != 0 ? $0.1 : "-" })
        return "\(type)\(perms) uid \(info.st_uid) group \(groupName(info.st_gid, in: environment))"
    }
}
