import Foundation
import KioskService

// kioskd: parses the command line, then hands over to `KioskDaemon`, which builds the
// services from the configuration and runs them until SIGTERM or SIGINT.

let command: KioskdCommand
do {
    command = try parseCommandLine(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("kioskd: \(error)\n\n\(usageText)".utf8))
    exit(ExitCode.usage.rawValue)
}

switch command {
case .help:
    print(usageText, terminator: "")
    exit(ExitCode.ok.rawValue)
case .version:
    print("kioskd \(KioskdVersion.current)")
    exit(ExitCode.ok.rawValue)
case .checkConfig(let options):
    do {
        let config = try options.configPath.map { path throws(ConfigError) in try KioskConfig.load(path: path) } ?? KioskConfig.embeddedDefaults()
        print("kioskd: configuration \(options.configPath.map { "'\($0)'" } ?? "(embedded defaults)") is valid (kiosk \(config.kioskId), store \(config.storeId))")
        exit(ExitCode.ok.rawValue)
    } catch {
        FileHandle.standardError.write(Data("kioskd: \(error)\n".utf8))
        exit(ExitCode.config.rawValue)
    }
case .run(let options):
    let code = await KioskDaemon.run(options: options)
    exit(code.rawValue)
}
