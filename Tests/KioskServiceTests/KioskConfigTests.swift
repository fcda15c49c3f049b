import Foundation
import StrictJSON
import Testing
import TestSupport
@testable import KioskService

/// A bad configuration and the key path its error must name.
struct BadConfig: CustomStringConvertible, Sendable {
    let name: String
    let json: String
    let keyPath: String
    let expected: String
    var description: String { name }
}

let badConfigs: [BadConfig] = [
    BadConfig(name: "unknown top-level key", json: #"{"kioskId":"k","storeId":"s","kiosk":"x"}"#,
              keyPath: "kiosk", expected: "unknown key"),
    BadConfig(name: "missing kioskId", json: #"{"storeId":"s"}"#,
              keyPath: "kioskId", expected: "missing required key"),
    BadConfig(name: "storeId of the wrong type", json: #"{"kioskId":"k","storeId":12}"#,
              keyPath: "storeId", expected: "expected an identifier"),
    BadConfig(name: "unknown time zone", json: #"{"kioskId":"k","storeId":"s","timeZone":"Mars/Olympus"}"#,
              keyPath: "timeZone", expected: "expected an IANA time zone name"),
    BadConfig(name: "unknown language", json: #"{"kioskId":"k","storeId":"s","language":"de"}"#,
              keyPath: "language", expected: #"expected one of "fr", "nl", "en", got "de""#),
    BadConfig(name: "unknown log level", json: #"{"kioskId":"k","storeId":"s","logLevel":"verbose"}"#,
              keyPath: "logLevel", expected: "expected one of"),
    BadConfig(name: "api listen is a host name", json: #"{"kioskId":"k","storeId":"s","api":{"listen":"localhost:8765"}}"#,
              keyPath: "api.listen", expected: "expected a numeric address and port"),
    BadConfig(name: "api listen port out of range", json: #"{"kioskId":"k","storeId":"s","api":{"listen":"127.0.0.1:70000"}}"#,
              keyPath: "api.listen", expected: "expected a numeric address and port"),
    BadConfig(name: "unknown key inside api", json: #"{"kioskId":"k","storeId":"s","api":{"port":8765}}"#,
              keyPath: "api.port", expected: "unknown key"),
    BadConfig(name: "body limit below the minimum", json: #"{"kioskId":"k","storeId":"s","api":{"maxBodyBytes":10}}"#,
              keyPath: "api.maxBodyBytes", expected: "expected an integer between 1024 and 16777216, got 10"),
    BadConfig(name: "header limit as a string", json: #"{"kioskId":"k","storeId":"s","api":{"maxHeaderBytes":"16k"}}"#,
              keyPath: "api.maxHeaderBytes", expected: #"expected an integer between 1024 and 1048576, got "16k""#),
    BadConfig(name: "origin null refused", json: #"{"kioskId":"k","storeId":"s","api":{"allowedOrigins":["http://localhost:3000","null"]}}"#,
              keyPath: "api.allowedOrigins[1]", expected: "expected an origin"),
    BadConfig(name: "origin with a path", json: #"{"kioskId":"k","storeId":"s","api":{"allowedOrigins":["http://localhost:3000/ui"]}}"#,
              keyPath: "api.allowedOrigins[0]", expected: "expected an origin"),
    BadConfig(name: "stateDirectory empty", json: #"{"kioskId":"k","storeId":"s","stateDirectory":""}"#,
              keyPath: "stateDirectory", expected: "expected a file path"),
    BadConfig(name: "printer section not an object", json: #"{"kioskId":"k","storeId":"s","printer":"usb"}"#,
              keyPath: "printer", expected: "expected an object"),
    BadConfig(name: "identity allows no mismatch", json: #"{"kioskId":"k","storeId":"s","identity":{"maxMismatches":0}}"#,
              keyPath: "identity.maxMismatches", expected: "expected an integer between 1 and 100, got 0"),
    BadConfig(name: "identity counter customer is not a credential", json: #"{"kioskId":"k","storeId":"s","identity":{"counterCustomers":["badge:04A1","nobody"]}}"#,
              keyPath: "identity.counterCustomers[1]", expected: "expected a credential"),
    BadConfig(name: "loyalty tier threshold as a word", json: #"{"kioskId":"k","storeId":"s","loyalty":{"mode":"points","tiers":[{"id":"b","name":"Bronze","threshold":0},{"id":"s","name":"Silver","threshold":"five"}]}}"#,
              keyPath: "loyalty.tiers[1].threshold", expected: #"expected an integer >= 0, got "five""#),
    BadConfig(name: "loyalty negative cashback rate", json: #"{"kioskId":"k","storeId":"s","loyalty":{"mode":"cashback","cashbackPercent":-5}}"#,
              keyPath: "loyalty.cashbackPercent", expected: "expected a decimal number > 0"),
    BadConfig(name: "loyalty voucher prefix differs from identity", json: #"{"kioskId":"k","storeId":"s","loyalty":{"mode":"percentage","vouchers":{"prefix":"556"}}}"#,
              keyPath: "loyalty.vouchers.prefix", expected: "differs from identity.voucherPrefix"),
    BadConfig(name: "backend outbox without concurrency", json: #"{"kioskId":"k","storeId":"s","backend":{"url":"https://backend.example","outbox":{"concurrency":0}}}"#,
              keyPath: "backend.outbox.concurrency", expected: "expected an integer between 1 and 32, got 0"),
    BadConfig(name: "badge reader unknown key", json: #"{"kioskId":"k","storeId":"s","badgeReader":{"reader":"ACR122"}}"#,
              keyPath: "badgeReader.reader", expected: "unknown key"),
    BadConfig(name: "scanner keymap unknown", json: #"{"kioskId":"k","storeId":"s","scanner":{"keymap":"nl"}}"#,
              keyPath: "scanner.keymap", expected: "expected one of"),
    BadConfig(name: "kioskNumber zero", json: #"{"kioskId":"k","storeId":"s","kioskNumber":0}"#,
              keyPath: "kioskNumber", expected: "expected an integer between 1 and 999, got 0"),
    BadConfig(name: "kioskNumber as text", json: #"{"kioskId":"k","storeId":"s","kioskNumber":"7"}"#,
              keyPath: "kioskNumber", expected: "expected an integer between 1 and 999"),
    BadConfig(name: "voucher prefix leaves no room for the kiosk number", json: #"{"kioskId":"k","storeId":"s","identity":{"voucherPrefix":"555123"},"loyalty":{"mode":"percentage","vouchers":{"prefix":"555123"}}}"#,
              keyPath: "loyalty.vouchers.prefix", expected: "no room for the 3-digit kiosk number"),
    BadConfig(name: "root is an array", json: #"[1]"#,
              keyPath: "(root)", expected: "expected an object"),
    BadConfig(name: "syntax error", json: "{\"kioskId\":\"k\",\n\"storeId\":}",
              keyPath: "(root)", expected: "invalid JSON at line 2"),
]

@Suite("KioskConfig")
struct KioskConfigTests {
    func decode(_ json: String) throws -> KioskConfig {
        try KioskConfig.decode(JSONCursor.parse(Array(json.utf8)))
    }

    @Test("a bad configuration names its key path", arguments: badConfigs)
    func badConfigNamesKeyPath(_ bad: BadConfig) throws {
        let error = #expect(throws: JSONDecodeError.self, "\(bad.name) must be refused") { try decode(bad.json) }
        #expect(error?.path.description == bad.keyPath, "key path of \(bad.name)")
        #expect(error?.message.contains(bad.expected) == true, "message of \(bad.name): \(error?.message ?? "")")
    }

    @Test("the embedded defaults decode through the strict decoder")
    func embeddedDefaults() throws {
        let config = KioskConfig.embeddedDefaults()
        #expect(config.kioskId == "kiosk-1")
        #expect(config.stateDirectory == "./.state")
        #expect(config.api.listen.description == "127.0.0.1:8765")
        #expect(config.timeZone.identifier == "Europe/Brussels")
        #expect(config.language == .fr)
        #expect(config.logLevel == .info)
        #expect(config.loyalty?.mode == .points)
        #expect(config.loyalty?.tiers.tiers.map(\.threshold) == [0, 500, 1500])
    }

    @Test("a minimal file takes every default")
    func minimalFile() throws {
        let config = try decode(#"{"kioskId":"kiosk-7","storeId":"liege-1"}"#)
        #expect(config.kioskId == "kiosk-7")
        #expect(config.storeId == "liege-1")
        #expect(config.kioskNumber == 7, "derived from the kiosk id's trailing number")
        #expect(!config.kioskNumberConfigured)
        #expect(config.api == .defaults)
        #expect(config.loyalty == nil)
    }

    @Test("a full file is read as written")
    func fullFile() throws {
        let config = try decode("""
            {"kioskId":"k1","storeId":"s1","kioskNumber":12,"timeZone":"UTC","stateDirectory":"/var/lib/kioskd",
             "api":{"listen":"[::1]:9000","unixSocket":"/run/kioskd/api.sock","allowedOrigins":["http://localhost:3000"],
                    "tokenFile":"/etc/kioskd/token","maxBodyBytes":2048,"maxHeaderBytes":4096,"maxHeaderCount":16},
             "language":"nl","logLevel":"debug","loyalty":{"mode":"points","pointsPerEuro":2},"identity":{"confirmationTimeoutSeconds":30}}
            """)
        #expect(config.timeZone.secondsFromGMT() == 0)
        #expect(config.kioskNumber == 12 && config.kioskNumberConfigured)
        #expect(config.voucherSerialBlock?.serial(local: 1) == 12_000_001)
        #expect(config.api.listen == ListenAddress(host: "::1", port: 9000))
        #expect(config.api.unixSocket == "/run/kioskd/api.sock")
        #expect(config.api.allowedOrigins == ["http://localhost:3000"])
        #expect(config.api.maxHeaderCount == 16)
        #expect(config.language == .nl)
        #expect(config.logLevel == .debug)
        #expect(config.loyalty?.pointsPerEuro == 2)
        #expect(config.identity.confirmationTimeoutSeconds == 30)
        #expect(config.identity.maxMismatches == 3, "identity defaults fill what the file leaves out")
    }

    @Test("a missing file is unreadable with the OS error")
    func missingFile() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/absent.json"
        let error = #expect(throws: ConfigError.self) { try KioskConfig.load(path: path) }
        #expect(error?.description == "config '\(path)': open('\(path)'): No such file or directory (errno 2)")
    }

    @Test("a directory is unreadable with the OS error")
    func directoryAsFile() throws {
        let directory = TemporaryDirectory()
        let error = #expect(throws: ConfigError.self) { try KioskConfig.load(path: directory.path) }
        #expect(error?.description.contains("Is a directory (errno 21)") == true, "\(error?.description ?? "")")
    }
}
