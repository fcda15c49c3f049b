import KioskService

/// `kioskctl version`: prints the version of the tools.
enum VersionCommand: KioskctlCommand {
    static let name = "version"
    static let summary = "print the version"
    static let help = "usage: kioskctl version\n\nPrints kioskctl's version."
    static func run(_ arguments: [String]) throws -> ExitCode {
        print("kioskctl \(KioskdVersion.current)")
        return .ok
    }
}
