import Foundation
import TestSupport

/// A `.deb` built by `scripts/deb` from the debug binaries next to the test bundle
/// (`--binaries`), uncompressed so that `make test` stays fast. The release package of
/// `make deb` differs only in its binaries.
final class DebianPackage: Sendable {
    let directory: TemporaryDirectory
    let path: String
    let version: String

    /// Builds the package with `scripts/deb --binaries <bin dir> --output <scratch>`.
    /// - Throws: `ToolError.failed` with scripts/deb's output when it fails.
    init(version: String? = nil) throws {
        directory = TemporaryDirectory(prefix: "kioskd-deb")
        var arguments = [DeploymentFiles.debScript.path, "--binaries", BuiltProducts.binDirectory.path,
                         "--output", directory.path, "--compression", "none"]
        if let version { arguments += ["--version", version] }
        let result = try Tool.run("bash", arguments).succeeded()
        path = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        self.version = try version ?? DeploymentFiles.version()
    }

    /// The same package under another version, repacked with `dpkg-deb -R`/`--build`
    /// (an upgrade to test against, without building the binaries' package twice).
    private init(repacking original: DebianPackage, version: String) throws {
        directory = TemporaryDirectory(prefix: "kioskd-deb")
        let tree = directory.url.appendingPathComponent("tree").path
        try Tool.run("dpkg-deb", ["-R", original.path, tree]).succeeded()
        let control = tree + "/DEBIAN/control"
        let text = try String(contentsOfFile: control, encoding: .utf8)
        try text.replacingOccurrences(of: "\nVersion: \(original.version)\n", with: "\nVersion: \(version)\n")
            .write(toFile: control, atomically: true, encoding: .utf8)
        path = directory.url.appendingPathComponent("kioskd_\(version).deb").path
        try Tool.run("dpkg-deb", ["--root-owner-group", "-Znone", "--build", tree, path]).succeeded()
        self.version = version
    }

    /// This package as version `version`.
    func repacked(as version: String) throws -> DebianPackage {
        try DebianPackage(repacking: self, version: version)
    }

    /// The package every read-only test inspects, built once per test run.
    static let shared: Result<DebianPackage, any Error> = Result { try DebianPackage() }

    /// `dpkg-deb -c`: the archive's paths, normalised to start with `/`.
    func contents() throws -> [(mode: String, owner: String, path: String)] {
        try Tool.run("dpkg-deb", ["-c", path]).succeeded().lines.compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6 else { return nil }
            var name = fields[5...].joined(separator: " ")
            if name.hasPrefix(".") { name.removeFirst() }
            if name.count > 1 && name.hasSuffix("/") { name.removeLast() }
            return (String(fields[0]), String(fields[1]), name)
        }
    }

    /// `dpkg-deb -f`: one control field's value.
    func field(_ name: String) throws -> String {
        try Tool.run("dpkg-deb", ["-f", path, name]).succeeded().stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `dpkg-deb -I`: a control-area member (`conffiles`, `postinst`, …).
    func controlMember(_ name: String) throws -> String {
        try Tool.run("dpkg-deb", ["-I", path, name]).succeeded().stdout
    }
}

/// A scratch system root managed by the real `dpkg --root`, with maintainer scripts run
/// outside a chroot (`--force-script-chrootless`, so they see `$DPKG_ROOT`) and the
/// package's library dependencies ignored (the scratch root has no other package).
struct ScratchSystem {
    let directory: TemporaryDirectory
    var root: URL { directory.url }

    init() throws {
        directory = TemporaryDirectory(prefix: "kioskd-root")
        let manager = FileManager.default
        for folder in ["var/lib/dpkg/info", "var/lib/dpkg/updates", "etc"] {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        _ = manager.createFile(atPath: root.appendingPathComponent("var/lib/dpkg/status").path, contents: Data())
        for name in ["passwd", "group", "shadow", "gshadow"] where manager.fileExists(atPath: "/etc/\(name)") {
            try manager.copyItem(atPath: "/etc/\(name)", toPath: root.appendingPathComponent("etc/\(name)").path)
        }
    }

    /// Runs `dpkg --root=<root> … arguments`.
    @discardableResult
    func dpkg(_ arguments: [String]) throws -> ToolResult {
        try Tool.run("dpkg", ["--root=\(root.path)", "--force-script-chrootless", "--force-depends",
                              "--force-confold"] + arguments).succeeded()
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(String(path.drop { $0 == "/" })) }
    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: url(path).path) }
    func read(_ path: String) throws -> String { try String(contentsOf: url(path), encoding: .utf8) }
    func write(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url(path), atomically: true, encoding: .utf8)
    }
}
