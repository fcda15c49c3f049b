import Foundation

/// What a finished command printed and how it ended.
struct ToolResult: Sendable {
    /// The command line, for messages.
    let command: String
    /// The exit status (or the terminating signal's number).
    let status: Int32
    let stdout: String
    let stderr: String

    /// Standard output followed by standard error: `systemd-analyze` and `udevadm` report
    /// problems on either.
    var output: String { stdout + stderr }
    /// Non-empty lines of `output`.
    var lines: [Substring] { output.split(separator: "\n") }
}

/// Runs the real deployment tools (`systemd-analyze`, `udevadm`, `dpkg-deb`, …) as child
/// processes and captures their output.
enum Tool {
    /// Folders searched for a tool named without a path (root's sbin folders included, since
    /// `udevadm` and `modprobe` live there and a test runner's PATH may lack them).
    static let searchPath: [String] = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
    }()

    /// The absolute path of `name`, or nil when no folder of `searchPath` has it.
    static func find(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        return searchPath.lazy.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `name arguments…` to completion with its output captured in files (so a
    /// chatty tool can never block on a full pipe).
    /// - Parameter environment: variables added to this process's environment.
    /// - Throws: `ToolError.notFound` when the tool is not installed (`make test` runs
    ///   `scripts/deps`, which installs them), or the launch error.
    static func run(
        _ name: String, _ arguments: [String],
        environment: [String: String] = [:], in directory: URL? = nil
    ) throws -> ToolResult {
        guard let executable = find(name) else { throw ToolError.notFound(name) }
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("kioskd-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return ToolResult(
            command: ([name] + arguments).joined(separator: " "),
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        )
    }
}

/// Why a tool could not be run.
enum ToolError: Error, CustomStringConvertible {
    case notFound(String)
    case failed(ToolResult)

    var description: String {
        switch self {
        case .notFound(let name):
            return "\(name) is not installed (scripts/deps installs systemd, udev, dpkg-dev and kmod)"
        case .failed(let result):
            return "`\(result.command)` exited with \(result.status):\n\(result.output)"
        }
    }
}

extension ToolResult {
    /// This result, or `ToolError.failed` when the command did not exit with 0.
    @discardableResult
    func succeeded() throws -> ToolResult {
        guard status == 0 else { throw ToolError.failed(self) }
        return self
    }
}
