import Foundation

/// The reference kiosk screen (static HTML/CSS/JS from the package resources), served at
/// `GET /` in simulation mode.
///
/// The files are looked up, in order, in `$KIOSKD_SCREEN_DIR`, in the resource bundle next to
/// the executable (`kioskd_KioskService.resources/kiosk-screen`, where SwiftPM puts it), and
/// in `/usr/share/kioskd/kiosk-screen` (installed); they are read once, at start.
public struct KioskScreen: Sendable {
    /// One served file.
    public struct File: Sendable {
        public let bytes: [UInt8]
        public let contentType: String
    }

    /// The files by name (`index.html`, `kiosk.css`, `kiosk.js`).
    public let files: [String: File]
    /// The folder they were read from.
    public let directory: String

    static let contentTypes = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
    ]

    /// Loads the screen; nil when no folder holds it.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) -> KioskScreen? {
        var candidates: [String] = []
        if let override = environment["KIOSKD_SCREEN_DIR"] { candidates.append(override) }
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            let folder = (executable as NSString).deletingLastPathComponent
            candidates.append(folder + "/kioskd_KioskService.resources/kiosk-screen")
        }
        candidates.append("/usr/share/kioskd/kiosk-screen")
        for directory in candidates {
            var files: [String: File] = [:]
            for name in ["index.html", "kiosk.css", "kiosk.js"] {
                guard let data = FileManager.default.contents(atPath: directory + "/" + name) else { continue }
                let type = contentTypes[(name as NSString).pathExtension] ?? "application/octet-stream"
                files[name] = File(bytes: Array(data), contentType: type)
            }
            if files["index.html"] != nil { return KioskScreen(files: files, directory: directory) }
        }
        return nil
    }

    /// The file called `name`, if served.
    public func file(_ name: String) -> File? { files[name] }
}
