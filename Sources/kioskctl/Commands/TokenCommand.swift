import Foundation
import KioskService
import StrictJSON

/// `kioskctl token rotate`: replaces the local API's bearer token.
enum TokenCommand: KioskctlCommand {
    static let name = "token"
    static let summary = "rotate the local API's bearer token"
    static let help = """
        usage: kioskctl token rotate [--config FILE | --token-file FILE] [--json]

        Writes a new random token to the API token file (api.tokenFile, else
        <stateDirectory>/api-token), atomically and with mode 0640. The running daemon
        picks it up within a second; the old token stops working. The token itself is not
        printed: the kiosk UI reads it from the file.
        """

    static func run(_ arguments: [String]) throws -> ExitCode {
        let args = try Arguments(arguments, options: ["config", "token-file"])
        guard args.positionals == ["rotate"] else {
            throw CommandFailure(.usage, "expected 'rotate', got \(args.positionals.isEmpty ? "nothing" : "'\(args.positionals.joined(separator: " "))'")")
        }
        let file: APITokenFile
        if let path = args.value("token-file") {
            file = APITokenFile(path: path)
        } else if let configPath = args.value("config") {
            do {
                file = APITokenFile(config: try KioskConfig.load(path: configPath))
            } catch {
                throw CommandFailure(.config, "\(error)")
            }
        } else {
            file = APITokenFile(config: KioskConfig.embeddedDefaults())
        }
        do {
            _ = try file.rotate()
        } catch {
            throw CommandFailure(.problemsFound, "cannot rotate the token: \(error)")
        }
        if args.has("json") {
            print(JSONWriter.string(["rotated": true, "tokenFile": .string(file.path)], indent: 2))
        } else {
            print("kioskctl token: new token written to \(file.path) (mode 0640)")
        }
        return .ok
    }
}
