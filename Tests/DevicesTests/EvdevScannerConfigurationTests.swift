import Identity
import StrictJSON
import Testing
@testable import Devices

@Suite("ScannerConfiguration")
struct EvdevScannerConfigurationTests {
    func decode(_ json: String) throws -> ScannerConfiguration {
        try ScannerConfiguration.decode(try JSONCursor.parse(Array(json.utf8), path: JSONPath("scanner")))
    }

    @Test("an empty section discovers /dev/kiosk/scanner-* with the defaults")
    func defaults() throws {
        let configuration = try decode("{}")
        #expect(configuration == ScannerConfiguration())
        #expect(configuration.discover && configuration.discoveryDirectory == "/dev/kiosk" && configuration.discoveryPrefix == "scanner-")
        #expect(configuration.keymap == "us" && configuration.grab)
        #expect(configuration.assembler == BarcodeAssembler.Options(endOnTab: false, interKeyTimeoutMs: nil, maxLength: 64, minLength: 1))
    }

    @Test("configured paths turn discovery off unless asked")
    func pathsDisableDiscovery() throws {
        #expect(try !decode(#"{"devices": [{"path": "/dev/kiosk/scanner-x"}]}"#).discover)
        #expect(try decode(#"{"devices": [{"path": "/dev/kiosk/scanner-x"}], "discover": true}"#).discover)
        #expect(try decode(#"{"devices": [{"usbId": "ffff:0035", "role": "badge"}]}"#).discover, "a usbId entry only recognises discovered devices")
    }

    @Test("every key decodes")
    func full() throws {
        let configuration = try decode("""
        {"keymap": "be", "grab": false, "endOnTab": true, "interKeyTimeoutMs": 60, "maxLength": 32, "minLength": 8,
         "humanSpeedGapMs": 40, "numberRowDigits": true, "discoveryDirectory": "/run/kiosk", "retryInitialMs": 100, "retryMaximumMs": 2000,
         "devices": [
           {"path": "/dev/input/by-id/usb-Honeywell-event-kbd", "keymap": "fr"},
           {"usbId": "FFFF:0035", "role": "badge", "uidFormat": "decimal", "byteOrder": "lsbFirst", "uidLength": 4},
           {"name": "RFID Reader", "role": "badge"}
         ]}
        """)
        #expect(configuration.keymap == "be" && !configuration.grab && configuration.discoveryDirectory == "/run/kiosk")
        #expect(configuration.assembler == BarcodeAssembler.Options(endOnTab: true, interKeyTimeoutMs: 60, maxLength: 32, minLength: 8,
                                                                     humanSpeedGapMs: 40, numberRowDigits: true))
        #expect(configuration.retryInitialMs == 100 && configuration.retryMaximumMs == 2000)
        #expect(configuration.devices == [
            .init(match: .path("/dev/input/by-id/usb-Honeywell-event-kbd"), keymap: "fr"),
            .init(match: .usbID("ffff:0035"), role: .badge, uidFormat: .decimal, byteOrder: .lsbFirst, uidLength: 4),
            .init(match: .name("RFID Reader"), role: .badge),
        ])
    }

    @Test("errors name the key path", arguments: [
        (#"{"keymap": "nl"}"#, #"scanner.keymap: expected one of "us", "be", "fr", "de", got "nl""#),
        (#"{"devices": [{"path": "/a"}, {"keymap": "be"}]}"#, #"scanner.devices[1]: expected exactly one of "path", "usbId", "name", got none"#),
        (#"{"devices": [{"path": "/a", "usbId": "0001:0002"}]}"#, #"scanner.devices[0]: expected exactly one of "path", "usbId", "name", got path, usbId"#),
        (#"{"devices": [{"path": "dev/x"}]}"#, #"scanner.devices[0].path: expected an absolute path, got "dev/x""#),
        (#"{"devices": [{"usbId": "12:34"}]}"#, #"scanner.devices[0].usbId: expected a USB id "vvvv:pppp" in hex, got "12:34""#),
        (#"{"devices": [{"path": "/a", "uidFormat": "decimal"}]}"#, #"scanner.devices[0].uidFormat: only for a device with "role": "badge""#),
        (#"{"devices": [{"path": "/a", "role": "badge", "byteOrder": "reversed"}]}"#, #"scanner.devices[0].byteOrder: expected one of "msbFirst", "lsbFirst", got "reversed""#),
        (#"{"devices": [{"path": "/a", "colour": 1}]}"#, "scanner.devices[0].colour: unknown key (known keys here: byteOrder, keymap, name, path, role, uidFormat, uidLength, usbId)"),
        (#"{"maxLength": 0}"#, "scanner.maxLength: expected an integer between 1 and 4096, got 0"),
        (#"{"minLength": 20, "maxLength": 13}"#, "scanner.minLength: minLength 20 exceeds maxLength 13"),
        (#"{"interKeyTimeoutMs": "fast"}"#, #"scanner.interKeyTimeoutMs: expected an integer between 5 and 10000, got "fast""#),
        (#"{"retryInitialMs": 500, "retryMaximumMs": 100}"#, "scanner.retryMaximumMs: expected an integer between 500 and 600000, got 100"),
        (#"{"grab": "yes"}"#, #"scanner.grab: expected true or false, got "yes""#),
    ])
    func errors(json: String, message: String) {
        do {
            _ = try decode(json)
            Issue.record("\(json) should not decode")
        } catch let error as JSONDecodeError {
            #expect(error.description == message)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a discovered device takes the first entry matching its path, USB id or name")
    func matching() throws {
        let configuration = try decode("""
        {"devices": [{"usbId": "ffff:0035", "role": "badge"}, {"name": "rfid", "role": "badge", "uidFormat": "decimal"},
                     {"path": "/dev/kiosk/scanner-b", "keymap": "de"}], "discover": true}
        """)
        #expect(configuration.entry(forPath: "/dev/kiosk/scanner-a", usbID: "ffff:0035", name: "RFID")?.uidFormat == .hex, "USB id first")
        #expect(configuration.entry(forPath: "/dev/kiosk/scanner-a", usbID: "0c2e:0b61", name: "Sycreader RFID Technology")?.uidFormat == .decimal,
                "name matches case-insensitively")
        #expect(configuration.entry(forPath: "/dev/kiosk/scanner-b", usbID: nil, name: nil)?.keymap == "de")
        #expect(configuration.entry(forPath: "/dev/kiosk/scanner-c", usbID: "0c2e:0b61", name: "Honeywell 1900") == nil, "else a plain barcode scanner")
    }
}
