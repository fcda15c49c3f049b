import Devices
import Foundation
import KioskService
import Loyalty
import Receipt
import StrictJSON

/// `kioskctl print-test`: a test page through the configured printer (or `--printer`).
enum PrintTestCommand: KioskctlCommand {
    static let name = "print-test"
    static let summary = "print a test page: accents, euro sign, FR/NL/EN footers, EAN-13"
    static let help = """
        usage: kioskctl print-test [--printer TARGET] [--config FILE] [--columns N] [--preview] [--json]

        Prints a test page on the configured printer: the kiosk and printer, every accented
        letter the footers use (é è ê à ç ë ï ô û and capitals), the euro sign, a ruler as wide
        as the paper, the example loyalty footer in French, Dutch and English, and an EAN-13
        barcode. Wrong letters mean a wrong code page (printer.profile.codePage and
        codePageTable); a ruler on two lines means wrong columns. The printer's status
        (DLE EOT) is asked first: paper out, cover open or offline stop the test.

        --printer TARGET  tcp://host:port, a device path (/dev/usb/lp0, /dev/ttyUSB0),
                          serial:PATH, usb:PATH or file:PATH (the bytes, to decode later);
                          keeps the configured profile (default: 42 columns, CP858, Epson)
        --columns N       another paper width (32, 42, 48, …) for this page
        --preview         print the page as text here instead of sending it
        --json            {"printer", "bytes", "status", "sent"}

        Exit status: 0 sent (or previewed), 1 the printer is not reachable or reports a fault,
        2 usage, 78 no printer configured and no --printer, or a configuration error.
        """

    static func run(_ arguments: [String]) throws -> ExitCode {
        let args = try Arguments(arguments, flags: ["json", "preview"], options: ["printer", "config", "columns"])
        guard args.positionals.isEmpty else { throw CommandFailure(.usage, "unexpected argument '\(args.positionals[0])'") }
        let configuration = DiagnosticConfiguration.load(explicitPath: args.value("config"))
        if let problem = configuration.problem { throw CommandFailure(.config, "\(problem)") }
        var printer: PrinterConfiguration
        if let text = args.value("printer") {
            guard let connection = PrinterTarget.connection(parsing: text, configured: configuration.printer?.connection) else {
                throw CommandFailure(.usage, "--printer: expected tcp://host:port, a device path, serial:PATH, usb:PATH or file:PATH, got \"\(text)\"")
            }
            printer = PrinterTarget.configuration(connection, configured: configuration.printer)
        } else if let configured = configuration.printer {
            printer = configured
        } else {
            throw CommandFailure(.config, "no printer section in \(configuration.source): add one (docs/printing.md) or give --printer tcp://host:9100 or a device path")
        }
        printer.profile.columns = try args.integer(
            "columns", default: printer.profile.columns, min: PrinterProfile.columnRange.lowerBound, max: PrinterProfile.columnRange.upperBound)
        let config = configuration.config
        let program = config.loyalty ?? .standard
        let elements: [ReceiptElement]
        do {
            elements = try PrintTestPage.elements(
                kioskId: config.kioskId, storeId: config.storeId, printer: "\(printer.connection)", profile: printer.profile,
                now: Date(), timeZone: config.timeZone, program: program, labels: FooterLabels(overrides: program.labels))
        } catch {
            throw CommandFailure(.config, "the loyalty program cannot quote the example sale: \(error)")
        }
        let bytes = EscPosJobEncoder(profile: printer.profile).encode(elements)
        if args.has("preview") {
            print(ReceiptPreview(profile: printer.profile).render(bytes, framed: true), terminator: "")
            return .ok
        }
        let outcome = try send(bytes, to: printer)
        if args.has("json") {
            print(JSONWriter.string(.object(JSONObject([
                (key: "printer", value: .string("\(printer.connection)")), (key: "bytes", value: .number(String(bytes.count))),
                (key: "status", value: .string(outcome)), (key: "sent", value: .bool(true)),
            ])), indent: 2))
        } else {
            print("sent the test page to \(printer.connection): \(bytes.count) bytes, \(printer.profile.columns) columns, \(printer.profile.codePage) (table \(printer.profile.codePageTable)); printer status before: \(outcome)")
        }
        return .ok
    }

    /// Asks the status, then sends the page.
    /// - Returns: the status in words.
    /// - Throws: `CommandFailure(.problemsFound)` when the printer cannot be reached, reports a
    ///   fault (nothing is sent then), or does not take the bytes.
    private static func send(_ bytes: [UInt8], to printer: PrinterConfiguration) throws -> String {
        let transport = printer.makeTransport()
        do {
            try transport.open()
        } catch {
            throw CommandFailure(.problemsFound, "cannot reach the printer: \(error) (kioskctl doctor says what to check)")
        }
        defer { transport.close() }
        var status = "not asked (a file has no status)"
        if case .file = printer.connection {} else if printer.profile.answersStatus {
            do {
                let report = try PrinterStatusReader(timeoutMilliseconds: printer.statusTimeoutMilliseconds).read(from: transport)
                if let fault = report.fault {
                    throw CommandFailure(.problemsFound, "the printer reports \(report) (\(fault.rawValue)): nothing was sent; fix it and try again (kioskctl doctor names the fix)")
                }
                status = "\(report)"
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw CommandFailure(.problemsFound, "the printer's status could not be read: \(error)")
            }
        } else {
            status = "not asked (printer.profile.answersStatus is false)"
        }
        do {
            try transport.send(bytes, timeoutMilliseconds: printer.writeTimeoutMilliseconds)
        } catch {
            throw CommandFailure(.problemsFound, "the printer did not take the page: \(error)")
        }
        return status
    }
}
