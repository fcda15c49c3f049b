import Foundation

/// How long a process has been running, from `/proc/<pid>/stat` (start time in clock ticks
/// since boot, field 22) and `/proc/uptime`.
public enum ProcessUptime {
    /// Seconds since `pid` started, or nil when it is gone or `/proc` cannot be read.
    public static func seconds(pid: Int32, proc: String = "/proc") -> Int? {
        guard let stat = try? String(contentsOfFile: "\(proc)/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")"),
              let uptimeText = try? String(contentsOfFile: "\(proc)/uptime", encoding: .utf8),
              let systemUptime = Double(uptimeText.split(separator: " ").first ?? "")
        else { return nil }
        // Fields after the command name start at field 3 (state); start time is field 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        let hertz = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard hertz > 0 else { return nil }
        return max(0, Int(systemUptime - ticks / hertz))
    }

    /// The process id of a running process named `name` (`/proc/<pid>/comm`), the oldest first.
    public static func processID(named name: String, proc: String = "/proc") -> Int32? {
        let candidates = ((try? FileManager.default.contentsOfDirectory(atPath: proc)) ?? []).compactMap(Int32.init).sorted()
        return candidates.first { pid in
            (try? String(contentsOfFile: "\(proc)/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) == name
        }
    }
}
