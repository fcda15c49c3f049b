import Foundation
import Identity
import Testing
import TestSupport

/// `kioskctl print-test` on a loopback TCP printer and a pseudo-terminal, the bytes decoded by
/// the independent ESC/POS decoder of TestSupport.
@Suite("kioskctl print-test")
struct PrintTestCommandTests {
    /// The seed footer's logical lines per language (the printer wraps them to its width).
    static let footers = [
        ["Programme de fidélité", "Points cumulés : 487 (+12)", "Récompense disponible : -5 € (atteinte à 500 pts)", "Niveau actuel : Argent"],
        ["Getrouwheidsprogramma", "Gespaarde punten: 487 (+12)", "Beschikbare beloning: -5 € (bereikt bij 500 ptn)", "Huidig niveau: Zilver"],
        ["Loyalty Program", "Cumulative points: 487 (+12)", "Available reward: -5 € (reached at 500 pts)", "Current tier: Silver"],
    ]

    /// Checks a printed test page: accents, euro, ruler, the three footers, the barcode, the cut.
    static func checkPage(_ bytes: [UInt8], columns: Int = 42) throws {
        let job = try EscPosStreamDecoder().decode(bytes)
        let texts = job.texts.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(job.startsWithInitialize, "ESC @ first")
        #expect(job.codePageTables == [19], "CP858 selected as Epson table 19")
        #expect(texts.contains("Accents: é è ê à ç ë ï ô û"), "\(texts)")
        #expect(texts.contains("Capitals: É È Ê À Ç Ë Ï Ô Û"))
        #expect(texts.contains("Euro: € 12,50 € / 0.42 €"))
        #expect(texts.contains(String((1...columns).map { Character(String($0 % 10)) })), "a ruler exactly \(columns) columns wide")
        let page = texts.joined(separator: " ")
        for footer in footers {
            #expect(texts.contains(footer[0]), "the footer's title on a line of its own: \(footer[0])")
            #expect(page.contains(footer.joined(separator: " ")), "the whole footer, in order: \(footer) in \(texts)")
        }
        let card = EAN13(prefix: "299", serial: 1)!.digits
        #expect(job.barcodes.count == 1 && card.hasPrefix(job.barcodes[0].digits), "one EAN-13 barcode of the loyalty card \(card): \(job.barcodes)")
        #expect(job.barcodes.first?.hriBelow == true, "its digits printed below it")
        #expect(job.cuts.count == 1, "one cut at the end")
        #expect(job.lines.allSatisfy { $0.columns <= columns }, "no line wider than the paper")
    }

    @Test("on a loopback TCP printer: the page arrives whole and decodes")
    func tcp() throws {
        let printer = try FakeEscPosPrinter.overTCP()
        defer { printer.stop() }
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["print-test", "--printer", "tcp://127.0.0.1:\(printer.port)", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let size = try #require(object?["bytes"] as? Int)
        #expect(object?["status"] as? String == "ready")
        #expect(printer.waitForPrinted { $0.count >= size }, "all \(size) bytes printed")
        #expect(printer.statusRequests.first == 1, "status asked before printing")
        try Self.checkPage(printer.printed)
    }

    @Test("on a serial printer (a pseudo-terminal), from the configuration")
    func serial() throws {
        let printer = try FakeEscPosPrinter.overPseudoTerminal()
        defer { printer.stop() }
        let kiosk = try FakeKiosk()
        let config = try kiosk.config(#""printer": {"transport": "serial", "device": "\#(printer.devicePath)", "baudRate": 19200, "flowControl": "none", "profile": {"maker": "epson", "columns": 42, "codePage": "cp858"}}"#)
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["print-test", "--config", config])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("sent the test page to serial \(printer.devicePath) 19200 8N1 none"), "\(result.stdout)")
        #expect(printer.waitForPrinted { $0.contains(0x56) && $0.count > 600 })
        try Self.checkPage(printer.printed)
    }

    @Test("a printer out of paper: nothing is sent, exit 1")
    func paperOut() throws {
        let printer = try FakeEscPosPrinter.overTCP(condition: .paperOut)
        defer { printer.stop() }
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["print-test", "--printer", "tcp://127.0.0.1:\(printer.port)"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the printer reports offline, paper out (paper-out): nothing was sent"), "\(result.stderr)")
        #expect(printer.printed.isEmpty)
    }

    @Test("to a file, at another width, and as a preview")
    func fileAndPreview() throws {
        let directory = TemporaryDirectory(prefix: "print-test")
        let file = directory.path + "/page.bin"
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["print-test", "--printer", "file:\(file)", "--columns", "32"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        try Self.checkPage(Array(try Data(contentsOf: URL(fileURLWithPath: file))), columns: 32)
        let preview = try ProcessRunner.run(BuiltProducts.kioskctl, ["print-test", "--printer", "file:\(file)", "--preview"])
        #expect(preview.stdout.contains("|Accents: é è ê à ç ë ï ô û                |"), "\(preview.stdout)")
    }

    @Test("no printer configured and none given: exit 78")
    func noPrinter() throws {
        let kiosk = try FakeKiosk()
        let result = try ProcessRunner.run(BuiltProducts.kioskctl, ["print-test", "--config", try kiosk.config()])
        #expect(result.status == 78)
        #expect(result.stderr.contains("no printer section"), "\(result.stderr)")
    }
}
