import Foundation
import TestSupport

/// A prepared kiosk for `kioskctl` tests: a fake system tree (`--system-root`) with a `kioskd`
/// user (uid 990) in groups `kioskd` (990) and `input` (105), and a state directory.
final class FakeKiosk: @unchecked Sendable {
    let root = TemporaryDirectory(prefix: "doctor-root")
    let state = TemporaryDirectory(prefix: "doctor-state")

    init() throws {
        try root.write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nkioskd:x:990:990::/var/lib/kioskd:/usr/sbin/nologin\n")
        try root.write("etc/group", "root:x:0:\ninput:x:105:kioskd\nkioskd:x:990:\nlp:x:7:\n")
    }

    /// A device node stand-in (a regular file) with the given mode and group.
    func node(_ path: String, mode: Int, gid: UInt32) throws {
        let file = try root.write(path, "")
        try FileManager.default.setAttributes([.posixPermissions: mode, .groupOwnerAccountID: gid, .ownerAccountID: 0], ofItemAtPath: file)
    }

    /// Writes a configuration with this kiosk's state directory, the API on a port nothing
    /// listens on (127.0.0.1:1) unless `api` is given, and the extra top-level `sections`
    /// (JSON members without braces, e.g. `"printer": {...}`) at `name` in the fake tree, by
    /// default where doctor looks for it. Returns its path.
    @discardableResult
    func config(_ sections: String = "", api: String = #"{"listen": "127.0.0.1:1"}"#, at name: String = "etc/kioskd/kioskd.json") throws -> String {
        let extra = sections.isEmpty ? "" : ",\n" + sections
        return try root.write(name, """
            {"kioskId": "kiosk-7", "storeId": "store-3", "stateDirectory": "\(state.path)", "api": \(api)\(extra)}
            """)
    }

    /// Runs `kioskctl doctor --json` on this kiosk with `extra` arguments.
    func doctor(_ extra: [String] = []) throws -> (ProcessResult, [String: String]) {
        let result = try ProcessRunner.run(
            BuiltProducts.kioskctl,
            ["doctor", "--json", "--system-root", root.path, "--state-dir", state.path] + extra)
        return (result, try Self.statuses(result.stdout))
    }

    /// The check id → status map of a `doctor --json` output.
    static func statuses(_ json: String) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let checks = object?["checks"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: checks.map { ($0["id"] as! String, $0["status"] as! String) })
    }

    /// One check's object (`id`, `status`, `evidence`, `fix`) from a `doctor --json` output.
    static func check(_ json: String, _ id: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let checks = object?["checks"] as? [[String: Any]] ?? []
        return checks.first { $0["id"] as? String == id } ?? [:]
    }
}
