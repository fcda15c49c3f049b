import Foundation

/// Everything a diagnostic check may look at, injected so checks run against a prepared
/// fake system tree in tests and against `/` on a kiosk.
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

    public init(
        systemRoot: String = "/", stateDirectory: String = "./.state", daemonUser: String = "kioskd",
        scannerDevices: [String] = [], printerDevice: String? = nil, now: Date = Date(),
        minimumFreeBytes: UInt64 = 64 * 1024 * 1024
    ) {
        self.systemRoot = systemRoot
        self.stateDirectory = stateDirectory
        self.daemonUser = daemonUser
        self.scannerDevices = scannerDevices
        self.printerDevice = printerDevice
        self.now = now
        self.minimumFreeBytes = minimumFreeBytes
    }

    /// `path` (absolute, as on a kiosk) under the system root.
    public func system(_ path: String) -> String {
        systemRoot == "/" ? path : (systemRoot as NSString).appendingPathComponent(path)
    }
}
