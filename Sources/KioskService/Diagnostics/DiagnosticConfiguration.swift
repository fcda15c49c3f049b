import Devices
import Foundation
import Relay
import StrictJSON

/// The daemon's configuration as `kioskctl` sees it: where it came from, the device and
/// backend sections decoded by their owners' decoders, and what was wrong with it.
///
/// Guarantees: `load` never throws. A file that cannot be read or decoded is reported in
/// `problem` with its key path, and every value then comes from the embedded defaults, so
/// diagnostics still run.
public struct DiagnosticConfiguration: Sendable {
    /// The default configuration file of an installed kiosk.
    public static let defaultPath = "/etc/kioskd/kioskd.json"

    /// The file read, or nil for the embedded defaults.
    public var path: String?
    /// The configuration in effect (the embedded defaults when the file failed).
    public var config: KioskConfig
    /// Why the file could not be used, naming the key path when it was readable.
    public var problem: ConfigError?
    /// The `scanner` section (nil: discover `/dev/kiosk/scanner-*`).
    public var scanner: ScannerConfiguration?
    /// The `badgeReader` section (defaults when absent).
    public var badgeReader: BadgeReaderConfiguration
    /// The `printer` section, nil when the kiosk has no printer configured.
    public var printer: PrinterConfiguration?
    /// The `backend` section's URL and token file, nil when no backend is configured.
    public var backend: BackendTarget?

    /// The embedded defaults, as `kioskd` runs without `--config`.
    public static var embedded: DiagnosticConfiguration {
        decode(KioskConfig.embeddedDefaults(), path: nil)
    }

    /// `path` in words: the file, or "embedded defaults".
    public var source: String { path ?? "embedded defaults" }

    /// Loads `explicitPath` when given; else `/etc/kioskd/kioskd.json` (under `systemRoot`)
    /// when it exists; else the embedded defaults.
    public static func load(explicitPath: String?, systemRoot: String = "/") -> DiagnosticConfiguration {
        let installed = DiagnosticEnvironment.path(defaultPath, under: systemRoot)
        guard let path = explicitPath ?? (FileManager.default.fileExists(atPath: installed) ? installed : nil) else {
            return embedded
        }
        do {
            return decode(try KioskConfig.load(path: path), path: path)
        } catch {
            return fallback(path: path, problem: error)
        }
    }

    /// The configuration's sections as diagnostics use them.
    static func decode(_ config: KioskConfig, path: String?) -> DiagnosticConfiguration {
        DiagnosticConfiguration(
            path: path, config: config, problem: nil, scanner: config.scanner,
            badgeReader: config.badgeReader ?? BadgeReaderConfiguration(), printer: config.printer,
            backend: config.backend.map(BackendTarget.init))
    }

    private static func fallback(path: String?, problem: ConfigError?) -> DiagnosticConfiguration {
        DiagnosticConfiguration(
            path: path, config: KioskConfig.embeddedDefaults(), problem: problem, scanner: nil,
            badgeReader: BadgeReaderConfiguration(), printer: nil, backend: nil)
    }

    /// The API token file: `api.tokenFile`, else `<stateDirectory>/api-token`.
    public var apiTokenFile: APITokenFile { APITokenFile(config: config) }
}

/// Where the store backend is and which file holds the kiosk's token for it.
public struct BackendTarget: Sendable, Equatable {
    /// The backend's base URL (`https://backend.example.be/kiosk`).
    public var url: URL
    /// `backend.tokenFile`; nil means systemd's credential (`$CREDENTIALS_DIRECTORY/backend-token`,
    /// loaded from `/etc/credstore/kioskd.backend-token`).
    public var tokenFile: String?
    /// The systemd credential name of the token, and the file `LoadCredential=` reads it from.
    public static let credentialName = "backend-token"
    public static let credentialStoreFile = "/etc/credstore/kioskd.backend-token"

    public init(url: URL, tokenFile: String? = nil) {
        self.url = url
        self.tokenFile = tokenFile
    }

    /// The target of the relay's `backend` section (decoded strictly by `BackendConfiguration`).
    public init(_ configuration: BackendConfiguration) {
        self.init(url: configuration.url, tokenFile: configuration.tokenFile)
    }

    /// The token file the daemon reads: `tokenFile`, else `$CREDENTIALS_DIRECTORY/backend-token`
    /// when that variable is set (inside the service), else the credential store file.
    public func effectiveTokenFile(environment: [String: String], system: (String) -> String) -> String {
        if let tokenFile { return tokenFile }
        if let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty {
            return (directory as NSString).appendingPathComponent(Self.credentialName)
        }
        return system(Self.credentialStoreFile)
    }
}
