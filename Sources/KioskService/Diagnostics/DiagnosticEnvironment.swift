import Devices
import Foundation

/// Everything a diagnostic check may look at, injected so checks run against a prepared
/// fake system tree in tests and against `/` on a kiosk.
///
/// Fixed system paths (`/proc`, `/sys`, `/dev`, `/run`, `/etc`) and device paths are looked
/// up under `systemRoot`; the state directory, configured socket and token file paths are
/// used as given.
public struct DiagnosticEnvironment: Sendable {
    /// Prefix for `/proc`, `/sys`, `/dev`, `/run` and `/etc` (`/` on a real kiosk).
    public var systemRoot: String
    /// The daemon's state directory (SQLite ledger, outbox, token).
    public var stateDirectory: String
    /// The user the daemon runs as (`kioskd` under systemd).
    public var daemonUser: String
    /// Scanner device paths from the config; empty means "discover /dev/kiosk/scanner-*".
    public var scannerDevices: [String]
    /// The printer device path from the config, if the printer is a local device.
    public var printerDevice: String?
    /// The instant the checks run at.
    public var now: Date
    /// Free space below which the state directory is reported as nearly full.
    public var minimumFreeBytes: UInt64
    /// The daemon's configuration (file or embedded defaults, and what was wrong with it).
    public var configuration: DiagnosticConfiguration
    /// The printer to ask for its status (the configured one, or a command-line override).
    public var printer: PrinterConfiguration?
    /// Where the daemon's local API may answer, in the order to try.
    public var daemonEndpoints: [LocalAPIEndpoint]
    /// The process environment (`CREDENTIALS_DIRECTORY`, `RUNTIME_DIRECTORY`).
    public var variables: [String: String]
    /// Longest wait for a network answer (daemon, backend).
    public var networkTimeoutMilliseconds: Int32
    /// An outbox row older than this is "stuck".
    public var outboxStuckAfter: TimeInterval
    /// The backend's clock, recorded by the `backend` check for the `clock` check.
    public let backendClock = BackendClockReading()

    public init(
        systemRoot: String = "/", stateDirectory: String = "./.state", daemonUser: String = "kioskd",
        scannerDevices: [String] = [], printerDevice: String? = nil, now: Date = Date(),
        minimumFreeBytes: UInt64 = 64 * 1024 * 1024,
        configuration: DiagnosticConfiguration = .embedded,
        printer: PrinterConfiguration? = nil, daemonEndpoints: [LocalAPIEndpoint] = [],
        variables: [String: String] = ProcessInfo.processInfo.environment,
        networkTimeoutMilliseconds: Int32 = 3_000, outboxStuckAfter: TimeInterval = 15 * 60
    ) {
        self.systemRoot = systemRoot
        self.stateDirectory = stateDirectory
        self.daemonUser = daemonUser
        self.scannerDevices = scannerDevices
        self.printerDevice = printerDevice
        self.now = now
        self.minimumFreeBytes = minimumFreeBytes
        self.configuration = configuration
        self.printer = printer
        self.daemonEndpoints = daemonEndpoints
        self.variables = variables
        self.networkTimeoutMilliseconds = networkTimeoutMilliseconds
        self.outboxStuckAfter = outboxStuckAfter
    }

    /// The environment for `configuration`: its state directory, scanner paths, printer and
    /// API endpoints, each replaced by an override when one is given.
    public static func configured(
        _ configuration: DiagnosticConfiguration, systemRoot: String = "/", stateDirectory: String? = nil,
        daemonUser: String = "kioskd", scanner: String? = nil, printer: PrinterConfiguration? = nil,
        daemonEndpoint: LocalAPIEndpoint? = nil, now: Date = Date(),
        variables: [String: String] = ProcessInfo.processInfo.environment
    ) -> DiagnosticEnvironment {
        var environment = DiagnosticEnvironment(
            systemRoot: systemRoot, stateDirectory: stateDirectory ?? configuration.config.stateDirectory,
            daemonUser: daemonUser, now: now, configuration: configuration, variables: variables)
        if let scanner {
            environment.scannerDevices = [scanner]
        } else if let section = configuration.scanner {
            environment.scannerDevices = section.devices.compactMap { if case .path(let path) = $0.match { path } else { nil } }
        }
        environment.printer = printer ?? configuration.printer
        switch environment.printer?.connection {
        case .serial(let path, _)?, .usb(let path)?: environment.printerDevice = path
        default: environment.printerDevice = nil
        }
        let root = systemRoot
        environment.daemonEndpoints = daemonEndpoint.map { [$0] } ?? LocalAPIEndpoint.candidates(
            api: configuration.config.api, stateDirectory: environment.stateDirectory, environment: variables,
            system: { Self.path($0, under: root) })
        return environment
    }

    /// `path` (absolute, as on a kiosk) under the system root.
    public func system(_ path: String) -> String { Self.path(path, under: systemRoot) }

    /// The absolute `path` under `root` (`/tmp/kiosk` + `/etc/group` = `/tmp/kiosk/etc/group`).
    public static func path(_ path: String, under root: String) -> String {
        guard root != "/" else { return path }
        var prefix = root
        while prefix.hasSuffix("/") { prefix.removeLast() }
        return path.hasPrefix("/") ? prefix + path : prefix + "/" + path
    }
}
