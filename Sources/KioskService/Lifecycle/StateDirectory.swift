import Foundation
import LinuxIO
import Glibc

/// The folder holding the daemon's durable state (SQLite database, API token).
public enum StateDirectory {
    /// Creates `path` (and its parents) with mode 0750 when missing, and checks it is a writable folder.
    /// - Throws: `SystemError` for the failing `mkdir` or `access`.
    public static func prepare(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            var partial = path.hasPrefix("/") ? "" : "."
            for component in path.split(separator: "/") {
                partial += "/" + component
                if Glibc.mkdir(partial, 0o750) != 0 && errno != EEXIST {
                    throw SystemError.current("mkdir('\(partial)')")
                }
            }
        } else if !isDirectory.boolValue {
            throw SystemError(code: ENOTDIR, call: "stat('\(path)')")
        }
        if Glibc.access(path, W_OK | X_OK) != 0 {
            throw SystemError.current("access('\(path)', W_OK)")
        }
    }
}
