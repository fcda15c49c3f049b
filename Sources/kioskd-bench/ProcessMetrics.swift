import Foundation
import Glibc

/// Reads a process's resident memory and CPU time from `/proc`.
struct ProcessMetrics {
    let pid: Int32

    /// Current resident set size in KiB (`VmRSS`), or nil if the process is gone.
    var residentKiB: Int? { field("VmRSS") }

    /// Peak resident set size in KiB (`VmHWM`).
    var peakResidentKiB: Int? { field("VmHWM") }

    /// User + system CPU time consumed so far, in seconds (`/proc/PID/stat` fields 14 and 15).
    var cpuSeconds: Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private func field(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }
}
