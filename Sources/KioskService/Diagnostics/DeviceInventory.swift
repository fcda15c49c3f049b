import Foundation

/// What `kioskctl devices` shows: input devices, printer nodes and the daemon user's
/// access to each, gathered from the (possibly fake) system tree.
public struct DeviceInventory: Sendable {
    /// A device node and whether the daemon's user may use it.
    public struct Node: Sendable, Equatable {
        public let path: String
        public let kind: String
        /// `ls -l`-style mode and group, or nil when the node is missing.
        public let permissions: String?
        public let accessibleByDaemon: Bool
        /// Why the node was classified so (vendor, name, symlink).
        public let note: String
    }

    public let inputDevices: [InputDeviceInfo]
    public let nodes: [Node]

    /// Gathers the inventory from `environment`'s system root.
    public static func gather(in environment: DiagnosticEnvironment) -> DeviceInventory {
        let inputs = InputDeviceInventory.parse(SystemFiles.read(environment.system("/proc/bus/input/devices")) ?? "")
        let user = SystemFiles.identity(of: environment.daemonUser, in: environment)
        var nodes: [Node] = []

        func add(_ path: String, kind: String, write: Bool, note: String) {
            let info = SystemFiles.status(environment.system(path))
            let allowed = info.map { info in user.map { SystemFiles.permits(info, uid: $0.uid, gids: $0.gids, write: write) } ?? false } ?? false
            nodes.append(Node(
                path: path, kind: kind, permissions: info.map { SystemFiles.describe($0, in: environment) },
                accessibleByDaemon: allowed, note: note))
        }

        for device in inputs where device.isKeyboardLike {
            guard let node = device.eventNode else { continue }
            let evidence = device.scannerEvidence
            add(node, kind: evidence == nil ? "keyboard" : "scanner", write: false,
                note: "\(device.name) [\(device.vendor):\(device.product)]" + (evidence.map { " — \($0)" } ?? ""))
        }
        for link in SystemFiles.list(environment.system("/dev/kiosk")) {
            add("/dev/kiosk/" + link, kind: link.hasPrefix("printer") ? "printer" : "scanner",
                write: link.hasPrefix("printer"), note: "udev link created by kioskd's rules")
        }
        for lp in SystemFiles.list(environment.system("/dev/usb")) where lp.hasPrefix("lp") {
            add("/dev/usb/" + lp, kind: "printer", write: true, note: "USB printer class (usblp)")
        }
        for tty in SystemFiles.list(environment.system("/dev")) where tty.hasPrefix("ttyUSB") || tty.hasPrefix("ttyACM") {
            add("/dev/" + tty, kind: "serial", write: true, note: "USB serial adapter (a serial printer or scanner)")
        }
        return DeviceInventory(inputDevices: inputs, nodes: nodes)
    }
}
