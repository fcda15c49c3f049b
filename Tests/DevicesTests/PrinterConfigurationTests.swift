import Devices
import LinuxIO
import Receipt
import StrictJSON
import Testing

struct PrinterConfigurationTests {
    func decode(_ json: String) throws -> PrinterConfiguration {
        try PrinterConfiguration(decoding: JSONCursor.parse(Array(json.utf8), path: JSONPath("printer")))
    }

    let profile = #""profile": {"maker": "epson", "columns": 42, "codePage": "cp858"}"#

    @Test("serial with speed and flow control")
    func serial() throws {
        let config = try decode(#"{"transport": "serial", "device": "/dev/ttyUSB0", "baudRate": 19200, "flowControl": "xonXoff", \#(profile)}"#)
        #expect(config.connection == .serial(path: "/dev/ttyUSB0", settings: SerialLineSettings(baudRate: .b19200, flowControl: .xonXoff)))
        #expect(config.profile == .epson80mm)
        #expect(config.statusTimeoutMilliseconds == 500 && config.writeTimeoutMilliseconds == 10_000)
    }

    @Test("serial defaults: 9600 baud, RTS/CTS")
    func serialDefaults() throws {
        let config = try decode(#"{"transport": "serial", "device": "/dev/ttyS0", \#(profile)}"#)
        #expect(config.connection == .serial(path: "/dev/ttyS0", settings: SerialLineSettings(baudRate: .b9600, flowControl: .rtsCts)))
    }

    @Test("tcp defaults to port 9100; usb and file take a device path")
    func otherTransports() throws {
        #expect(try decode(#"{"transport": "tcp", "host": "192.168.1.50", \#(profile)}"#).connection == .network(host: "192.168.1.50", port: 9100))
        #expect(try decode(#"{"transport": "usb", "device": "/dev/usb/lp0", \#(profile)}"#).connection == .usb(path: "/dev/usb/lp0"))
        #expect(try decode(#"{"transport": "file", "device": "/tmp/p.bin", "statusTimeoutMilliseconds": 100, \#(profile)}"#).statusTimeoutMilliseconds == 100)
    }

    @Test("errors name the key path", arguments: [
        (#"{"transport": "serial", "device": "/dev/ttyS0", "baudRate": 4800, "profile": {}}"#, "printer.baudRate: expected one of 9600, 19200, 38400, 57600, 115200, got 4800"),
        (#"{"transport": "tcp", "host": "h", "baudRate": 9600, "profile": {}}"#, "printer.baudRate: unknown key (known keys here: connectTimeoutMilliseconds, host, port, profile, statusTimeoutMilliseconds, transport, writeTimeoutMilliseconds)"),
        (#"{"transport": "bluetooth"}"#, #"printer.transport: expected one of "serial", "usb", "tcp", "file", got "bluetooth""#),
        (#"{"device": "/dev/ttyS0"}"#, "printer.transport: missing required key"),
        (#"{"transport": "usb", "device": "/dev/usb/lp0"}"#, "printer.profile: missing required key"),
        (#"{"transport": "usb", "device": "/dev/usb/lp0", "profile": {"columns": 42, "codePage": "cp858"}}"#, #"printer.profile.codePageTable: missing required key (or give "maker")"#),
    ])
    func errors(_ json: String, _ message: String) {
        do {
            _ = try decode(json)
            Issue.record("expected: \(message)")
        } catch {
            #expect("\(error)" == message)
        }
    }
}
