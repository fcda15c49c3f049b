import Foundation
import KioskService
import StrictJSON

/// `kioskctl devices`: input devices, PC/SC readers, printers and serial ports, with the
/// daemon user's access.
enum DevicesCommand: KioskctlCommand {
    static let name = "devices"
    static let summary = "list scanners, badge readers, printers and serial ports"
    static let help = """
        usage: kioskctl devices [--json] [--user NAME] [--system-root DIR] [--no-uid]

        Lists keyboard-like input devices from /proc/bus/input/devices (a barcode scanner is a
        keyboard to the kernel; known scanner vendors and names are marked), the /dev/kiosk
        links made by kioskd's udev rules, USB printers (/dev/usb/lp*) and USB serial ports,
        each with its permissions and whether the daemon's user (default kioskd) can use it;
        then the PC/SC readers pcscd lists, whether a card is on each, and the card's UID
        (FF CA 00 00 00; --no-uid leaves the card alone).
        """

    static func run(_ arguments: [String]) throws -> ExitCode {
        let args = try Arguments(arguments, flags: ["json", "no-uid"], options: ["user", "system-root"])
        guard args.positionals.isEmpty else { throw CommandFailure(.usage, "unexpected argument '\(args.positionals[0])'") }
        let environment = DiagnosticEnvironment(
            systemRoot: args.value("system-root") ?? "/", daemonUser: args.value("user") ?? "kioskd")
        let inventory = DeviceInventory.gather(in: environment)
        let socket = environment.system("/run/pcscd/pcscd.comm")
        let pcsc: PCSCReaderSurvey.Outcome? = FileManager.default.fileExists(atPath: socket)
            ? PCSCReaderSurvey.take(
                readUIDs: !args.has("no-uid"), socketPath: environment.systemRoot == "/" ? nil : socket, timeoutMilliseconds: 5_000)
            : nil
        if args.has("json") {
            print(JSONWriter.string(json(inventory, pcsc: pcsc, socket: socket), indent: 2))
            return .ok
        }
        if inventory.nodes.isEmpty {
            print("no scanner, keyboard, printer or serial port found")
        }
        for node in inventory.nodes {
            let access = node.permissions == nil ? "missing" : node.accessibleByDaemon ? "ok for \(environment.daemonUser)" : "NO ACCESS for \(environment.daemonUser)"
            print("\(node.kind.padding(toLength: 9, withPad: " ", startingAt: 0)) \(node.path.padding(toLength: 24, withPad: " ", startingAt: 0)) \(access)")
            print("          \(node.note)\(node.permissions.map { "; \($0)" } ?? "")")
        }
        switch pcsc {
        case nil:
            print("PC/SC     pcscd is not running (no \(socket)): badge readers cannot be listed")
        case .serviceUnavailable(let error)?:
            print("PC/SC     pcscd does not answer: \(error)")
        case .serviceNotAnswering(let milliseconds)?:
            print("PC/SC     pcscd accepts connections but does not answer within \(milliseconds) ms")
        case .readers(let readers)? where readers.isEmpty:
            print("PC/SC     pcscd lists no reader (kioskctl doctor says why)")
        case .readers(let readers)?:
            for reader in readers {
                print("reader    \(reader.name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(describe(reader))")
            }
        }
        return .ok
    }

    private static func describe(_ reader: PCSCReaderSurvey.Reader) -> String {
        switch reader.card {
        case .empty: return "no card"
        case .mute: return "a card that does not answer (mute)"
        case .unavailable: return "unavailable (\(reader.flags))"
        case .present:
            var text = "card present, ATR \(PCSCReaderSurvey.hex(reader.answerToReset))"
            if let uid = reader.uid { text += ", UID \(uid)" }
            if let problem = reader.uidProblem { text += ", no UID (\(problem))" }
            return text
        }
    }

    private static func json(_ inventory: DeviceInventory, pcsc: PCSCReaderSurvey.Outcome?, socket: String) -> JSONValue {
        let nodes: [JSONValue] = inventory.nodes.map { node in
            .object(JSONObject([
                (key: "path", value: .string(node.path)), (key: "kind", value: .string(node.kind)),
                (key: "permissions", value: node.permissions.map(JSONValue.string) ?? .null),
                (key: "accessibleByDaemon", value: .bool(node.accessibleByDaemon)),
                (key: "note", value: .string(node.note)),
            ]))
        }
        var pcscJSON = JSONObject()
        var readersJSON: [JSONValue] = []
        switch pcsc {
        case nil:
            pcscJSON["state"] = "not-running"
            pcscJSON["detail"] = .string("no \(socket)")
        case .serviceUnavailable(let error)?:
            pcscJSON["state"] = "unavailable"
            pcscJSON["detail"] = .string("\(error)")
        case .serviceNotAnswering(let milliseconds)?:
            pcscJSON["state"] = "not-answering"
            pcscJSON["detail"] = .string("no answer within \(milliseconds) ms")
        case .readers(let readers)?:
            pcscJSON["state"] = "running"
            readersJSON = readers.map { reader in
                var object = JSONObject([
                    (key: "name", value: .string(reader.name)), (key: "card", value: .string(reader.card.rawValue)),
                    (key: "cardPresent", value: .bool(reader.card == .present)),
                ])
                if !reader.answerToReset.isEmpty { object["atr"] = .string(PCSCReaderSurvey.hex(reader.answerToReset)) }
                if let uid = reader.uid { object["uid"] = .string("\(uid)") }
                if let problem = reader.uidProblem { object["uidProblem"] = .string(problem) }
                return .object(object)
            }
        }
        pcscJSON["readers"] = .array(readersJSON)
        return .object(JSONObject([(key: "devices", value: .array(nodes)), (key: "pcsc", value: .object(pcscJSON))]))
    }
}
