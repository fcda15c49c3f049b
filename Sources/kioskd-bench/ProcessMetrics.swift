import Foundation
import Glibc

/// Reads a process's resident memory and CPU time from `/proc`.
struct ProcessMetrics {
    let pid: Int32

    /// Current resident set size in KiB (`VmRSS`), or nil if the process is gone.
    var residentKiB: Int? { field("VmRSS") }

    /// Resident anonymous memory in KiB (`RssAnon`: heap, stacks, relocated data): what the
    /// process itself allocated.
    var residentAnonymousKiB: Int? { field("RssAnon") }

    /// Resident file-backed memory in KiB (`RssFile`: code and read-only data of the binary
    /// and its libraries, pages the kernel can drop and read again).
    var residentFileKiB: Int? { field("RssFile") }

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

    /// CPU time of each live thread in nanoseconds, by thread id (`/proc/PID/task/*/schedstat`,
    /// first field): exact where `stat`'s clock ticks are 10 ms coarse.
    var threadCPUNanoseconds: [Int: UInt64]? {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return nil }
        var result: [Int: UInt64] = [:]
        for task in tasks {
            guard let tid = Int(task),
                  let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8),
                  let first = text.split(separator: " ").first, let value = UInt64(first) else { continue }
            result[tid] = value
        }
        return result
    }

    /// CPU used between two `threadCPUNanoseconds` snapshots by the threads alive at the end
    /// (threads that ended meanwhile are not counted: `endedThreads` says how many).
    static func cpuBetween(_ before: [Int: UInt64], _ after: [Int: UInt64]) -> (nanoseconds: UInt64, endedThreads: Int) {
        var total: UInt64 = 0
        for (tid, value) in after { total += value - min(before[tid] ?? 0, value) }
        return (total, before.keys.filter { after[$0] == nil }.count)
    }

    /// Voluntary + involuntary context switches of all threads: how often the process woke.
    var contextSwitches: Int? {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return nil }
        return tasks.reduce(0) { sum, task in
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/status", encoding: .utf8) else { return sum }
            return sum + status.split(separator: "\n").filter { $0.hasPrefix("voluntary_ctxt_switches:") || $0.hasPrefix("nonvoluntary_ctxt_switches:") }
                .compactMap { Int($0.split(separator: "\t").last?.trimmingCharacters(in: .whitespaces) ?? "") }.reduce(0, +)
        }
    }

    /// The number of threads (`/proc/PID/task`).
    var threadCount: Int? { (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task"))?.count }

    private func field(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }
}
