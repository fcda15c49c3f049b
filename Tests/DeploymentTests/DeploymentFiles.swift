import Foundation
import TestSupport

/// The deployment files of the package (`systemd/`, `udev/`, `packaging/`, `scripts/`).
enum DeploymentFiles {
    static var root: URL { BuiltProducts.packageRoot }
    static var unit: URL { root.appendingPathComponent("systemd/kioskd.service") }
    static var sysusers: URL { root.appendingPathComponent("systemd/kioskd.sysusers") }
    static var tmpfiles: URL { root.appendingPathComponent("systemd/kioskd.tmpfiles") }
    static var udevDirectory: URL { root.appendingPathComponent("udev") }
    static var scannerRules: URL { udevDirectory.appendingPathComponent("70-kioskd-scanners.rules") }
    static var printerRules: URL { udevDirectory.appendingPathComponent("70-kioskd-printers.rules") }
    static var modprobe: URL { udevDirectory.appendingPathComponent("kioskd-pn533.modprobe.conf") }
    static var debScript: URL { root.appendingPathComponent("scripts/deb") }
    static var installScript: URL { root.appendingPathComponent("scripts/install") }

    /// The `.rules` files shipped in `udev/`.
    static var rulesFiles: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: udevDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".rules") }.sorted().map { udevDirectory.appendingPathComponent($0) }
    }

    static func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    /// The product version, read from `Sources/KioskService/Version.swift`.
    static func version() throws -> String {
        let source = try text(root.appendingPathComponent("Sources/KioskService/Version.swift"))
        guard let line = source.split(separator: "\n").first(where: { $0.contains("static let current") }),
              let first = line.firstIndex(of: "\""), let last = line.lastIndex(of: "\""), first < last
        else { return "" }
        return String(line[line.index(after: first)..<last])
    }
}

/// One `Key=value` assignment of a systemd unit file, with its section.
struct UnitAssignment: Equatable, Sendable {
    let section: String
    let key: String
    let value: String
}

/// The assignments of a unit file, in order (comments and blank lines dropped, `\`
/// continuations joined), enough to check what a unit says without systemd.
struct UnitFile: Sendable {
    let assignments: [UnitAssignment]

    init(text: String) {
        var section = ""
        var result: [UnitAssignment] = []
        var pending = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(raw).trimmingCharacters(in: .whitespaces)
            if pending.isEmpty && (line.hasPrefix("#") || line.hasPrefix(";") || line.isEmpty) { continue }
            if line.hasSuffix("\\") {
                line.removeLast()
                pending += line + " "
                continue
            }
            line = pending + line
            pending = ""
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
            } else if let eq = line.firstIndex(of: "=") {
                let key = line[..<eq].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                result.append(UnitAssignment(section: section, key: key, value: value))
            }
        }
        assignments = result
    }

    /// Every value assigned to `key` in `section`, in order.
    func values(_ key: String, in section: String = "Service") -> [String] {
        assignments.filter { $0.section == section && $0.key == key }.map(\.value)
    }

    /// The last value assigned to `key` (what systemd uses for single-valued settings).
    func value(_ key: String, in section: String = "Service") -> String? {
        values(key, in: section).last
    }

    /// The space-separated words of every assignment to `key` (list settings such as `Wants=`).
    func words(_ key: String, in section: String = "Service") -> [String] {
        values(key, in: section).flatMap { $0.split(separator: " ").map(String.init) }
    }
}

/// A scratch file system root holding copies of this machine's account databases, with
/// kioskd's sysusers.d entry applied by the real `systemd-sysusers --root=`, as the
/// package's postinst does.
struct ScratchAccounts {
    let directory: TemporaryDirectory
    var etc: URL { directory.url.appendingPathComponent("etc") }

    init() throws {
        directory = TemporaryDirectory(prefix: "kioskd-accounts")
        try FileManager.default.createDirectory(at: etc, withIntermediateDirectories: true)
        for name in ["passwd", "group", "shadow", "gshadow"] {
            let source = "/etc/\(name)"
            guard FileManager.default.fileExists(atPath: source) else { continue }
            try FileManager.default.copyItem(atPath: source, toPath: etc.appendingPathComponent(name).path)
        }
        let config = try DeploymentFiles.text(DeploymentFiles.sysusers)
        let input = directory.url.appendingPathComponent("kioskd.sysusers")
        try config.write(to: input, atomically: true, encoding: .utf8)
        // `-` reads the entries from standard input; a file argument would be looked up
        // inside the root.
        try Tool.run("sh", ["-c", "systemd-sysusers --root=\"$1\" - < \"$2\"", "sh", directory.path, input.path])
            .succeeded()
    }

    /// The line of `etc/<database>` whose first field is `name`, split on `:`.
    func entry(_ name: String, in database: String) throws -> [String]? {
        let text = try String(contentsOf: etc.appendingPathComponent(database), encoding: .utf8)
        return text.split(separator: "\n")
            .map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
            .first { $0.first == name }
    }
}
