import Devices
import StrictJSON
import Testing

@Suite("BadgeReaderConfiguration")
struct BadgeReaderConfigurationTests {
    static func decode(_ text: String) throws -> BadgeReaderConfiguration {
        try BadgeReaderConfiguration.decode(JSONCursor.parse(Array(text.utf8), path: JSONPath("badgeReader")))
    }

    @Test("an empty section watches every reader with the standard back-off")
    func defaults() throws {
        let configuration = try Self.decode("{}")
        #expect(configuration == BadgeReaderConfiguration())
        #expect(configuration.enabled)
        #expect(configuration.readerName == nil)
        #expect(configuration.backoff == .standard)
    }

    @Test("every key is read")
    func full() throws {
        let configuration = try Self.decode(#"{"enabled": false, "readerName": "ACR122", "reconnectInitialMs": 100, "reconnectMaxMs": 5000}"#)
        #expect(configuration == BadgeReaderConfiguration(
            enabled: false, readerName: "ACR122",
            backoff: BadgeReaderBackoff(initialDelay: .milliseconds(100), maximumDelay: .seconds(5))))
    }

    @Test("a large initial delay raises the default maximum to it")
    func initialAboveDefaultMaximum() throws {
        let configuration = try Self.decode(#"{"reconnectInitialMs": 60000}"#)
        #expect(configuration.backoff == BadgeReaderBackoff(initialDelay: .seconds(60), maximumDelay: .seconds(60)))
    }

    @Test("the reader name filter is a case-insensitive substring", arguments: [
        ("ACS ACR122U PICC Interface 00 00", true), ("acs acr122u 01 00", true), ("Virtual PCD 00 00", false),
    ])
    func filter(name: String, accepted: Bool) {
        #expect(BadgeReaderConfiguration(readerName: "acr122").accepts(readerName: name) == accepted)
        #expect(BadgeReaderConfiguration().accepts(readerName: name), "no filter accepts every reader")
    }

    @Test("mistakes are refused with the key path", arguments: [
        (#"{"readerNames": "x"}"#, "badgeReader.readerNames: unknown key (known keys here: enabled, readerName, reconnectInitialMs, reconnectMaxMs)"),
        (#"{"enabled": "yes"}"#, #"badgeReader.enabled: expected true or false, got "yes""#),
        (#"{"readerName": ""}"#, #"badgeReader.readerName: expected a non-empty string, got """#),
        (#"{"reconnectInitialMs": 5}"#, "badgeReader.reconnectInitialMs: expected an integer between 10 and 60000, got 5"),
        (#"{"reconnectInitialMs": 1.5}"#, "badgeReader.reconnectInitialMs: expected an integer between 10 and 60000, got 1.5"),
        (#"{"reconnectInitialMs": 500, "reconnectMaxMs": 100}"#, "badgeReader.reconnectMaxMs: expected an integer between 500 and 600000, got 100"),
        (#"[]"#, "badgeReader: expected an object, got an array"),
    ])
    func errors(text: String, message: String) {
        do {
            _ = try Self.decode(text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect("\(error)" == message)
        }
    }
}
