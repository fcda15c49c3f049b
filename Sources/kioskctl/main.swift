import Foundation
import KioskService

/// Every subcommand, in the order `kioskctl --help` lists them. Add new commands here.
let commands: [any KioskctlCommand.Type] = [
    VersionCommand.self,
    CardCommand.self,
    DoctorCommand.self,
    DevicesCommand.self,
    StatusCommand.self,
    WatchCommand.self,
    PrintTestCommand.self,
    ReceiptCommand.self,
    TokenCommand.self,
    QuoteCommand.self,
    OutboxCommand.self,
]

func usage(_ commands: [any KioskctlCommand.Type]) -> String {
    var text = "usage: kioskctl <command> [options]\n\ncommands:\n"
    for command in commands {
        text += "  " + command.name.padding(toLength: 16, withPad: " ", startingAt: 0) + command.summary + "\n"
    }
    text += "\nEach command takes --help and --json. Exit codes: 0 ok, 1 problems found, 2 usage,\n69 daemon unavailable, 78 configuration error.\n"
    return text
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, name != "--help", name != "-h", name != "help" else {
    print(usage(commands), terminator: "")
    exit(arguments.isEmpty ? ExitCode.usage.rawValue : ExitCode.ok.rawValue)
}
guard let command = commands.first(where: { $0.name == name }) else {
    FileHandle.standardError.write(Data("kioskctl: unknown command '\(name)'\n\n\(usage(commands))".utf8))
    exit(ExitCode.usage.rawValue)
}
let rest = Array(arguments.dropFirst())
if rest.contains("--help") || rest.contains("-h") {
    print(command.help)
    exit(ExitCode.ok.rawValue)
}
do {
    exit(try command.run(rest).rawValue)
} catch let failure as CommandFailure {
    FileHandle.standardError.write(Data("kioskctl \(name): \(failure.message)\n".utf8))
    exit(failure.exitCode.rawValue)
} catch {
    FileHandle.standardError.write(Data("kioskctl \(name): \(error)\n".utf8))
    exit(ExitCode.problemsFound.rawValue)
}
