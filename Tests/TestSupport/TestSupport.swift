import Foundation

/// Locations of the package's built products, for tests that run the real binaries.
///
/// Tests run from `.build/<triple>/debug/kioskdPackageTests.xctest`; the executables built by
/// `swift build --build-tests` sit in the same folder.
public enum BuiltProducts {
    /// The folder holding the test bundle and the built executables.
    public static var binDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["KIOSKD_BIN_DIR"] {
            return URL(fileURLWithPath: override)
        }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent()
    }

    /// Path of the built `kioskd` executable.
    public static var kioskd: URL { binDirectory.appendingPathComponent("kioskd") }
    /// Path of the built `kioskctl` executable.
    public static var kioskctl: URL { binDirectory.appendingPathComponent("kioskctl") }

    /// The package's root folder (for files such as `systemd/` and `udev/`).
    public static var packageRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }
}

/// A fresh temporary directory, removed when the value is deinitialised.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(prefix: String = "kioskd-test") {
        let base = URL(fileURLWithPath: NSTemporaryDirectory())
        url = base.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` to `name` inside the directory and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}
