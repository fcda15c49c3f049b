import Foundation
import KioskService
import Testing
import TestSupport

/// What every `kioskctl` subcommand shares: `--help`, strict options (exit 2), `--json`
/// that parses, and the top-level usage.
@Suite("kioskctl usage, --help and --json")
struct KioskctlUsageTests {
    static let commands = [
        "version", "card", "doctor", "devices", "status", "watch", "print-test", "receipt", "token", "quote", "outbox",
    ]

    @Test("kioskctl <command> --help exits 0 with the command's usage and its --json option", arguments: commands)
    func help(command: String) throws {
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, [command, "--help"])
        #expect(result.status == 0, "\(command) --help exits 0: \(result.stderr)")
        #expect(result.stdout.hasPrefix("usage: kioskctl \(command)"), "\(result.stdout)")
        #expect(result.stdout.contains("--json"), "\(command) --help mentions --json: \(result.stdout)")
        #expect(result.stderr.isEmpty)
    }

    @Test("an unknown option is a usage error (exit 2) naming the command", arguments: commands)
    func unknownOption(command: String) throws {
        let arguments = ["card": ["card", "check"], "receipt": ["receipt", "preview"], "token": ["token", "rotate"]][command] ?? [command]
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, arguments + ["--bogus"])
        #expect(result.status == 2, "\(arguments) --bogus exits 2, got \(result.status): \(result.stderr)")
        #expect(result.stderr.hasPrefix("kioskctl \(command): unknown option --bogus"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("kioskctl --help lists every command and the exit codes")
    func topLevelHelp() throws {
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["--help"])
        #expect(result.status == 0)
        for command in Self.commands {
            #expect(result.stdout.contains("\n  \(command) "), "\(command) is listed: \(result.stdout)")
        }
        #expect(result.stdout.contains("0 ok, 1 problems found, 2 usage,\n69 daemon unavailable, 78 configuration error"))
    }

    @Test("no command, or an unknown one, is a usage error", arguments: [[], ["frobnicate"]] as [[String]])
    func noCommand(arguments: [String]) throws {
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, arguments)
        #expect(result.status == 2, "\(arguments) exits 2")
        #expect((result.stdout + result.stderr).contains("usage: kioskctl <command>"))
    }

    @Test("version and version --json")
    func version() throws {
        let human = try ProcessRunner.run(BuiltProducts.kioskctl, ["version"])
        #expect(human.status == 0)
        #expect(human.stdout == "kioskctl \(KioskdVersion.current)\n")
        let json = try ProcessRunner.run(BuiltProducts.kioskctl, ["version", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["kioskctl"] as? String == KioskdVersion.current, "\(json.stdout)")
        let extra = try ProcessRunner.run(BuiltProducts.kioskctl, ["version", "now"])
        #expect(extra.status == 2, "a stray word is a usage error")
    }

    @Test("card check --json", arguments: [
        ("2991234567897", Int32(0), true, "loyalty-card"), ("5550000000425", Int32(0), true, "voucher"),
        ("2991234567890", Int32(1), false, "invalid"),
    ])
    func cardCheckJSON(code: String, status: Int32, valid: Bool, kind: String) throws {
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["card", "check", code, "--json"])
        #expect(result.status == status)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["code"] as? String == code)
        #expect(object?["valid"] as? Bool == valid)
        #expect(object?["kind"] as? String == kind, "\(result.stdout)")
        #expect((object?["problem"] as? String != nil) == !valid, "an invalid code says why: \(result.stdout)")
    }

    @Test("token rotate --json names the file and never prints the token")
    func tokenRotateJSON() throws {
        let directory = TemporaryDirectory(prefix: "kioskctl-token")
        let file = APITokenFile(path: directory.path + "/api-token")
        let old = try file.loadOrCreate().token
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["token", "rotate", "--json", "--token-file", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["rotated"] as? Bool == true)
        #expect(object?["tokenFile"] as? String == file.path)
        let new = try #require(try file.read())
        #expect(new != old)
        #expect(!result.stdout.contains(new), "the token is not printed")
    }
}
