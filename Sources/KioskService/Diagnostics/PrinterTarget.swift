import Devices
import Foundation
import LinuxIO
import Receipt

/// A printer named on the command line (`--printer`): `tcp://host:port`, `serial:PATH`,
/// `usb:PATH`, `file:PATH`, or a bare path whose kind is guessed from its name.
public enum PrinterTarget {
    /// The connection `text` names.
    ///
    /// A bare path is a serial line when its name says so (`/dev/tty*`, `/dev/pts/*`,
    /// `/dev/kiosk/printer-serial*`), a USB printer (`/dev/usb/lp*`, `/dev/kiosk/printer-usb*`,
    /// any other character device), else a file (output written as is, e.g. to decode later).
    /// A serial line keeps the configured line settings when the configured printer is serial.
    /// - Returns: nil when `text` is empty or a `tcp://` address without a valid port.
    public static func connection(parsing text: String, configured: PrinterConfiguration.Connection? = nil) -> PrinterConfiguration.Connection? {
        guard !text.isEmpty else { return nil }
        var settings = SerialLineSettings(baudRate: .b9600, flowControl: .rtsCts)
        if case .serial(_, let configuredSettings)? = configured { settings = configuredSettings }
        if text.hasPrefix("tcp://") {
            let rest = text.dropFirst(6).split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
            let host: String
            let portText: String?
            if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                host = String(rest[rest.index(after: rest.startIndex)..<close])
                let after = rest[rest.index(after: close)...]
                portText = after.hasPrefix(":") ? String(after.dropFirst()) : nil
            } else if let colon = rest.lastIndex(of: ":") {
                host = String(rest[..<colon])
                portText = String(rest[rest.index(after: colon)...])
            } else {
                host = rest
                portText = nil
            }
            guard !host.isEmpty else { return nil }
            guard let port = portText.map({ UInt16($0) }) ?? 9100, port > 0 else { return nil }
            return .network(host: host, port: port)
        }
        for (prefix, make) in [("serial:", { PrinterConfiguration.Connection.serial(path: $0, settings: settings) }),
                               ("usb:", { .usb(path: $0) }), ("file:", { .file(path: $0) })] as [(String, (String) -> PrinterConfiguration.Connection)]
        where text.hasPrefix(prefix) {
            let path = String(text.dropFirst(prefix.count))
            return path.isEmpty ? nil : make(path)
        }
        let name = (text as NSString).lastPathComponent
        if name.hasPrefix("tty") || text.hasPrefix("/dev/pts/") || name.hasPrefix("printer-serial") {
            return .serial(path: text, settings: settings)
        }
        if text.hasPrefix("/dev/usb/") || name.hasPrefix("printer-usb") || isCharacterDevice(text) {
            return .usb(path: text)
        }
        return .file(path: text)
    }

    /// A printer configuration for `connection`, keeping the configured profile and timeouts
    /// (else an 80 mm Epson-style profile, 42 columns, CP858).
    public static func configuration(_ connection: PrinterConfiguration.Connection, configured: PrinterConfiguration?) -> PrinterConfiguration {
        guard var printer = configured else { return PrinterConfiguration(connection: connection, profile: .epson80mm) }
        printer.connection = connection
        return printer
    }

    private static func isCharacterDevice(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR
    }
}
