import Foundation
import Glibc
import Identity
import LinuxIO
import Testing
import TestSupport
@testable import Devices

/// The real scanner thread reading real FIFOs (and files) of `input_event` records.
@Suite("EvdevScanner over FIFOs")
struct EvdevScannerFIFOTests {
    /// Key events a Belgian-AZERTY scanner sends for `text` (Shift + number row for digits).
    /// Kernel-like timestamps (CLOCK_REALTIME in 2023), as a real device or replay carries.
    static let epoch: Int64 = 1_700_000_000_000_000

    static func belgian(_ text: String, ending: KeystrokeEncoder.Ending = .enter, at start: Int64 = epoch) -> [UInt8] {
        KeystrokeEncoder(keymap: .be).events(typing: text, ending: ending, startingAt: start).flatMap(\.encoded)
    }

    static func us(_ text: String, ending: KeystrokeEncoder.Ending = .enter, at start: Int64 = epoch) -> [UInt8] {
        KeystrokeEncoder(keymap: .us).events(typing: text, ending: ending, startingAt: start).flatMap(\.encoded)
    }

    func scanner(_ configuration: ScannerConfiguration) throws -> (EvdevScanner, EvdevEventRecorder) {
        let scanner = try EvdevScanner(configuration: configuration, classifier: CredentialClassifier())
        let recorder = EvdevEventRecorder(scanner)
        try scanner.start()
        return (scanner, recorder)
    }

    @Test("scans from a FIFO: Belgian keys give digits, the card is classified, a misread is invalid")
    func belgianScans() async throws {
        let dir = TemporaryDirectory()
        let path = dir.path + "/scanner"
        try FIFO.make(path)
        let (scanner, recorder) = try scanner(ScannerConfiguration(devices: [.init(match: .path(path), keymap: "be")]))
        let writer = try await FIFOWriter(path: path)
        try writer.write(Self.belgian("0013748911") + Self.belgian("2990000000019") + Self.belgian("2990000000018"))
        #expect(await recorder.wait { _ in recorder.scans.count == 3 }, "three scans arrive")
        let scans = recorder.scans
        #expect(scans.map(\.text) == ["0013748911", "2990000000019", "2990000000018"], "digits, doubled ones included")
        #expect(scans.map(\.isValid) == [true, true, false])
        #expect(scans[1].classification == .credential(.card(try EAN13(validating: "2990000000019"))))
        #expect(scans[2].classification == .invalid(text: "2990000000018", reason: .badCheckDigit(expected: 9, found: 8)))
        let info = try #require(recorder.appeared.first)
        #expect(info.kind == .fifo && info.keymap == "be" && info.role == .barcode)
        #expect(!info.grabbed && info.grabError == nil, "EVIOCGRAB on a FIFO fails with ENOTTY and is skipped")
        writer.close()
        await scanner.stop()
        #expect(recorder.disappeared.map(\.1) == [.stopped])
    }

    @Test("the writer closing and a new writer opening: scans keep coming, the device is not re-announced")
    func writerReopens() async throws {
        let dir = TemporaryDirectory()
        let path = dir.path + "/scanner"
        try FIFO.make(path)
        let (scanner, recorder) = try scanner(ScannerConfiguration(devices: [.init(match: .path(path))]))
        for round in 1...3 {
            let writer = try await FIFOWriter(path: path)
            try writer.write(Self.us("code\(round)"))
            writer.close()
            #expect(await recorder.wait { _ in recorder.scans.count == round }, "scan \(round) arrives")
        }
        #expect(recorder.scans.map(\.text) == ["code1", "code2", "code3"])
        #expect(recorder.appeared.count == 1 && recorder.disappeared.isEmpty)
        await scanner.stop()
    }

    @Test("garbage and partial records are reported and survived")
    func garbage() async throws {
        let dir = TemporaryDirectory()
        let path = dir.path + "/scanner"
        try FIFO.make(path)
        let (scanner, recorder) = try scanner(ScannerConfiguration(devices: [.init(match: .path(path))]))
        var writer = try await FIFOWriter(path: path)
        var junk = [UInt8](repeating: 0xFF, count: InputEvent.recordSize * 2)
        junk += InputEvent(type: InputEvent.key, code: 2, value: 77).encoded
        try writer.write(junk + Self.us("12") + [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        writer.close()
        #expect(await recorder.wait { _ in recorder.discarded.contains(.partialRecord(bytes: 10)) }, "the 10-byte tail is reported")
        #expect(recorder.discarded.contains(.garbage(bytes: 72)), "two records of 0xFF and a key value of 77 are skipped")
        #expect(recorder.scans.map(\.text) == ["12"], "the good records between still decode")
        writer = try await FIFOWriter(path: path)
        try writer.write(Array(Self.us("34").prefix(13)))
        writer.close()
        writer = try await FIFOWriter(path: path)
        try writer.write(Self.us("56"))
        writer.close()
        #expect(await recorder.wait { _ in recorder.scans.count == 2 })
        #expect(recorder.scans.map(\.text) == ["12", "56"], "records stay aligned after a writer died mid-record")
        await scanner.stop()
    }

    @Test("a scanner that ends with nothing: the inter-key timeout ends the scan")
    func interKeyTimeout() async throws {
        let dir = TemporaryDirectory()
        let path = dir.path + "/scanner"
        try FIFO.make(path)
        let options = BarcodeAssembler.Options(interKeyTimeoutMs: 40)
        let (scanner, recorder) = try scanner(ScannerConfiguration(devices: [.init(match: .path(path))], assembler: options))
        let writer = try await FIFOWriter(path: path)
        try writer.write(Self.us("2990000000019", ending: .nothing))
        #expect(await recorder.wait(seconds: 5) { _ in recorder.scans.count == 1 })
        #expect(recorder.scans.first?.terminator == .timeout)
        #expect(recorder.scans.first?.classification == .credential(.card(try EAN13(validating: "2990000000019"))))
        writer.close()
        await scanner.stop()
    }

    @Test("the FIFO removed then created again: disappeared, appeared, and read again")
    func removedAndBack() async throws {
        let dir = TemporaryDirectory()
        let path = dir.path + "/scanner"
        try FIFO.make(path)
        let (scanner, recorder) = try scanner(ScannerConfiguration(devices: [.init(match: .path(path))], retryInitialMs: 60_000, retryMaximumMs: 60_000))
        #expect(await recorder.wait { _ in recorder.appeared.count == 1 })
        unlink(path)
        #expect(await recorder.wait { _ in recorder.disappeared.count == 1 }, "inotify reports the removal")
        #expect(recorder.disappeared.first?.1 == .removed)
        try FIFO.make(path)
        #expect(await recorder.wait(seconds: 5) { _ in recorder.appeared.count == 2 }, "inotify reopens it long before the 60 s back-off")
        let writer = try await FIFOWriter(path: path)
        try writer.write(Self.us("back"))
        writer.close()
        #expect(await recorder.wait { _ in recorder.scans.map(\.text) == ["back"] })
        await scanner.stop()
    }

    @Test("a configured device missing at start: one error, then opened when it appears")
    func missingAtStart() async throws {
        let dir = TemporaryDirectory()
        let path = dir.path + "/later"
        let (scanner, recorder) = try scanner(ScannerConfiguration(devices: [.init(match: .path(path))], retryInitialMs: 20, retryMaximumMs: 40))
        #expect(await recorder.wait { _ in !recorder.errors.isEmpty })
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(recorder.errors.map(\.1) == [ENOENT], "the same error is reported once, not at every retry")
        try FIFO.make(path)
        #expect(await recorder.wait { _ in recorder.appeared.count == 1 })
        await scanner.stop()
    }

    @Test("a replay file is read to its end, and again when replaced or rewritten")
    func replayFile() async throws {
        let dir = TemporaryDirectory()
        let path = dir.path + "/replay.events"
        try Data(Self.us("first")).write(to: URL(fileURLWithPath: path))
        let (scanner, recorder) = try scanner(ScannerConfiguration(devices: [.init(match: .path(path))], retryInitialMs: 20, retryMaximumMs: 50))
        #expect(await recorder.wait { _ in recorder.disappeared.count == 1 })
        #expect(recorder.scans.map(\.text) == ["first"])
        #expect(recorder.disappeared.first?.1 == .endOfFile)
        try await Task.sleep(nanoseconds: 200_000_000)
        #expect(recorder.scans.count == 1, "an unchanged file is not replayed again")
        try Data(Self.us("second")).write(to: URL(fileURLWithPath: path), options: .atomic)
        #expect(await recorder.wait { _ in recorder.scans.count == 2 })
        #expect(recorder.scans.map(\.text) == ["first", "second"])
        try Data(Self.us("third")).write(to: URL(fileURLWithPath: path))   // rewritten in place
        #expect(await recorder.wait { _ in recorder.scans.count == 3 }, "noticed at the next back-off step")
        #expect(recorder.scans.last?.text == "third")
        await scanner.stop()
    }

    @Test("discovery opens scanner-* links; a configured wedge reader types a badge UID")
    func discoveryAndWedge() async throws {
        let dir = TemporaryDirectory()
        let links = dir.path + "/kiosk"
        try FileManager.default.createDirectory(atPath: links, withIntermediateDirectories: true)
        let wedge = dir.path + "/wedge"
        try FIFO.make(wedge)
        let wedgeEntry = ScannerConfiguration.Device(match: .path(wedge), role: .badge, uidFormat: .decimal, byteOrder: .lsbFirst)
        let configuration = ScannerConfiguration(devices: [wedgeEntry], discover: true, discoveryDirectory: links)
        let (scanner, recorder) = try scanner(configuration)

        let target = dir.path + "/event-scanner"
        try FIFO.make(target)
        try FileManager.default.createSymbolicLink(atPath: links + "/scanner-Honeywell_1900", withDestinationPath: target)
        try FileManager.default.createSymbolicLink(atPath: links + "/printer-usb-Epson", withDestinationPath: target + "-none")
        #expect(await recorder.wait { _ in recorder.appeared.count == 2 }, "the wedge reader and the discovered scanner")
        #expect(Set(recorder.appeared.map(\.path)) == [wedge, links + "/scanner-Honeywell_1900"], "printer links are not scanners")

        let scannerWriter = try await FIFOWriter(path: links + "/scanner-Honeywell_1900")
        try scannerWriter.write(Self.us("5550000000425"))
        let wedgeWriter = try await FIFOWriter(path: wedge)
        try wedgeWriter.write(Self.us("3283263748") + Self.us("12AB"))
        #expect(await recorder.wait { _ in recorder.scans.count == 1 && recorder.badges.count == 1 && !recorder.discarded.isEmpty })
        #expect(recorder.scans.first?.classification == .voucher(try EAN13(validating: "5550000000425")))
        #expect(recorder.badges.first?.uid == (try CardUID(hex: "04A1B2C3")), "decimal lsb-first gives the PC/SC UID")
        #expect(recorder.discarded.contains(.unreadableBadge(text: "12AB", problem: .badCharacter("A"))))
        scannerWriter.close()
        wedgeWriter.close()
        await scanner.stop()
    }

    @Test("stop() with no device configured finishes at once")
    func stopIdle() async throws {
        let dir = TemporaryDirectory()
        let (scanner, recorder) = try scanner(ScannerConfiguration(discover: true, discoveryDirectory: dir.path + "/none"))
        await scanner.stop()
        #expect(recorder.events.isEmpty)
    }
}
