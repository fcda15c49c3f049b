import LinuxIO
import Receipt
import StrictJSON

/// The `printer` section of `kioskd.json`: how to reach the printer and what it is.
///
/// ```json
/// {"transport": "serial", "device": "/dev/ttyUSB0", "baudRate": 19200, "flowControl": "rtsCts",
///  "profile": {"maker": "epson", "columns": 42, "codePage": "cp858"}}
/// {"transport": "tcp", "host": "192.168.1.50", "port": 9100, "profile": {…}}
/// {"transport": "usb", "device": "/dev/usb/lp0", "profile": {…}}
/// {"transport": "file", "device": "./.state/printer.bin", "profile": {…}}
/// ```
public struct PrinterConfiguration: Sendable, Equatable {
    /// Where the printer is.
    public enum Connection: Sendable, Equatable, CustomStringConvertible {
        case serial(path: String, settings: SerialLineSettings)
        case usb(path: String)
        case network(host: String, port: UInt16)
        case file(path: String)

        public var description: String {
            switch self {
            case .serial(let path, let settings): return "serial \(path) \(settings)"
            case .usb(let path): return "usb \(path)"
            case .network(let host, let port): return "tcp \(host):\(port)"
            case .file(let path): return "file \(path)"
            }
        }
    }

    public var connection: Connection
    public var profile: PrinterProfile
    /// Wait for each `DLE EOT` answer (default 500 ms).
    public var statusTimeoutMilliseconds: Int32
    /// Wait for the printer to take a whole job (default 10 s).
    public var writeTimeoutMilliseconds: Int32
    /// Wait for a network printer to accept the connection (default 3 s).
    public var connectTimeoutMilliseconds: Int32

    public init(
        connection: Connection, profile: PrinterProfile, statusTimeoutMilliseconds: Int32 = 500,
        writeTimeoutMilliseconds: Int32 = 10_000, connectTimeoutMilliseconds: Int32 = 3_000
    ) {
        self.connection = connection
        self.profile = profile
        self.statusTimeoutMilliseconds = statusTimeoutMilliseconds
        self.writeTimeoutMilliseconds = writeTimeoutMilliseconds
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
    }

    /// A new transport for this connection (not yet open).
    public func makeTransport() -> any PrinterTransport {
        switch connection {
        case .serial(let path, let settings): return PrinterSerialTransport(path: path, settings: settings)
        case .usb(let path): return PrinterUSBTransport(path: path)
        case .network(let host, let port): return PrinterNetworkTransport(host: host, port: port, connectTimeoutMilliseconds: connectTimeoutMilliseconds)
        case .file(let path): return PrinterFileTransport(path: path)
        }
    }

    /// Decodes the section strictly: the keys allowed depend on `transport`
    /// (`serial`: `device`, `baudRate` 9600–115200 (default 9600), `flowControl` `rtsCts`
    /// (default) | `xonXoff` | `none`; `usb` and `file`: `device`; `tcp`: `host`, `port`
    /// (default 9100), `connectTimeoutMilliseconds`); every transport takes `profile` (required),
    /// `statusTimeoutMilliseconds` (50–10,000) and `writeTimeoutMilliseconds` (100–120,000).
    /// - Throws: `JSONDecodeError` naming the key path (`printer.baudRate: expected one of …`).
    public init(decoding cursor: JSONCursor) throws {
        let common = ["transport", "profile", "statusTimeoutMilliseconds", "writeTimeoutMilliseconds"]
        guard case .object(let raw) = cursor.value else { throw cursor.mismatch("an object") }
        let transportCursor = raw["transport"].map { JSONCursor($0, path: cursor.path.appending(key: "transport")) }
        guard let transportCursor else {
            throw JSONDecodeError(path: cursor.path.appending(key: "transport"), message: "missing required key")
        }
        let transport = try transportCursor.oneOf(["serial", "usb", "tcp", "file"])
        let specific: [String]
        switch transport {
        case "serial": specific = ["device", "baudRate", "flowControl"]
        case "tcp": specific = ["host", "port", "connectTimeoutMilliseconds"]
        default: specific = ["device"]
        }
        let object = try cursor.object(keys: common + specific)
        switch transport {
        case "serial":
            let rates = SerialLineSettings.BaudRate.allCases.map(\.rawValue)
            let rate = try object.optional("baudRate").map { value -> SerialLineSettings.BaudRate in
                let n = try value.int()
                guard let rate = SerialLineSettings.BaudRate(rawValue: n) else {
                    throw value.mismatch("one of " + rates.map(String.init).joined(separator: ", "))
                }
                return rate
            } ?? .b9600
            let flow = try object.optional("flowControl").map {
                SerialLineSettings.FlowControl(rawValue: try $0.oneOf(SerialLineSettings.FlowControl.allCases.map(\.rawValue)))!
            } ?? .rtsCts
            connection = .serial(path: try Self.path(object.required("device")), settings: SerialLineSettings(baudRate: rate, flowControl: flow))
        case "usb":
            connection = .usb(path: try Self.path(object.required("device")))
        case "tcp":
            let host = try object.required("host").string(nonEmpty: true, maxLength: 253)
            let port = try object.optional("port")?.int(min: 1, max: 65_535) ?? 9100
            connection = .network(host: host, port: UInt16(port))
        default:
            connection = .file(path: try Self.path(object.required("device")))
        }
        profile = try PrinterProfile(decoding: object.required("profile"))
        statusTimeoutMilliseconds = Int32(try object.optional("statusTimeoutMilliseconds")?.int(min: 50, max: 10_000) ?? 500)
        writeTimeoutMilliseconds = Int32(try object.optional("writeTimeoutMilliseconds")?.int(min: 100, max: 120_000) ?? 10_000)
        connectTimeoutMilliseconds = Int32(try object.optional("connectTimeoutMilliseconds")?.int(min: 50, max: 60_000) ?? 3_000)
    }

    private static func path(_ cursor: JSONCursor) throws -> String {
        try cursor.string(nonEmpty: true, maxLength: 4_096)
    }
}
