import Foundation
import KioskService
import StrictJSON

/// `kioskctl devices`: input devices, printers and serial ports, with the daemon user's access.
enum DevicesCommand: KioskctlCommand {
    static let name = "devices"
    static let summary = "list scanners, keyboards, printers and serial ports"
    static let help = """
        usage: kioskctl devices [--json] [--user NAME] [--system-root DIR]

        Lists keyboard-like input devices from /proc/bus/input/devices (a barcode scanner is a
        keyboard to the kernel; known scanner vendors and names are marked), the /dev/kiosk
        links made by kioskd's udev rules, USB printers (/dev/usb/lp*) and USB serial ports,
        each with its permissions and whether the daemon's user (default kioskd) can use it.
        """

    static func run(_ arguments: [String]) throws -> ExitCode {
        let args = try Arguments(arguments, options: ["user", "system-root"])
        guard args.positionals.isEmpty else { throw CommandFailure(.usage, "unexpected argument '\(args.positionals[0])'") }
        let environment = DiagnosticEnvironment(
            systemRoot: args.value("system-root") ?? "/", daemonUser: args.value("user") ?? "kioskd")
        let inventory = DeviceInventory.gather(in: environment)
        if args.has("json") {
            let nodes: [JSONValue] = inventory.nodes.map { node in
                .object(JSONObject([
                    (key: "path", value: .string(node.path)), (key: "kind", value: .string(node.kind)),
                    (key: "permissions", value: node.permissions.map(JSONValue.string) ?? .null),
                    (key: "accessibleByDaemon", value: .bool(node.accessibleByDaemon)),
                    (key: "note", value: .string(node.note)),
                ]))
            }
            print(JSONWriter.string(.object(JSONObject([(key: "devices", value: .array(nodes))])), indent: 2))
        } else if inventory.nodes.isEmpty {
            print("no scanner, keyboard, printer or serial port found")
        } else {
            for node in inventory.nodes {
                let access = node.permissions == nil ? "missing" : node.accessibleByDaemon ? "ok for \(environment.daemonUser)" : "NO ACCESS for \(environment.daemonUser)"
                print("\(node.kind.padding(toLength: 9, withPad: " ", startingAt: 0)) \(node.path.padding(toLength: 24, withPad: " ", startingAt: 0)) \(access)")
                print("          \(node.note)\(node.permissions.map { "; \($0)" } ?? "")")
            }
        }
        return .ok
    }
}
