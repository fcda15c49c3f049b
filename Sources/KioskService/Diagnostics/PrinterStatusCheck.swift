import Devices
import Glibc

/// What does the receipt printer say about itself? Asks `DLE EOT 1…4` over its transport
/// (serial, USB or TCP) and names paper out, cover open, offline or an error. A printer that
/// does not answer is *not* reported offline: many printers never answer and print fine.
public struct PrinterStatusCheck: DiagnosticCheck {
    public let id = "printer-status"
    public init() {}

    public func run(in environment: DiagnosticEnvironment) -> DiagnosticResult {
        let title = "receipt printer ready (DLE EOT status)"
        guard let printer = environment.printer else {
            return DiagnosticResult(
                id: id, title: title, status: .skipped,
                evidence: "no printer section in \(environment.configuration.source) (give one with --printer tcp://host:9100 or a device path)")
        }
        let endpoint = "\(printer.connection)"
        switch printer.connection {
        case .file(let path):
            return DiagnosticResult(id: id, title: title, status: .skipped, evidence: "the printer is a file (\(path)): it has no status to ask")
        case .serial, .usb:
            if environment.systemRoot != "/" {
                return DiagnosticResult(
                    id: id, title: title, status: .skipped,
                    evidence: "\(endpoint): a local printer is only asked for its status on the kiosk itself (--system-root given)")
            }
        case .network:
            break
        }
        let transport = printer.makeTransport()
        do {
            try transport.open()
        } catch {
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: "cannot reach the printer: \(error)", fix: reachFix(printer.connection, error))
        }
        defer { transport.close() }
        let report: PrinterStatusReport
        do {
            report = try PrinterStatusReader(timeoutMilliseconds: printer.statusTimeoutMilliseconds).read(from: transport)
        } catch {
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: "the connection failed while asking for the status: \(error)",
                fix: reachFix(printer.connection, error))
        }
        switch report {
        case .notAnswering:
            if !printer.profile.answersStatus {
                return DiagnosticResult(
                    id: id, title: title, status: .ok,
                    evidence: "\(endpoint) accepts data; it does not answer DLE EOT (its profile says it never does), so paper and cover are not checked")
            }
            return DiagnosticResult(
                id: id, title: title, status: .warning,
                evidence: "\(endpoint) accepts data but did not answer DLE EOT within \(printer.statusTimeoutMilliseconds) ms: this does not mean offline (many printers, and one-way USB or serial links, never answer)",
                fix: "kioskctl print-test: if the page prints, set \"answersStatus\": false in printer.profile; if not, check the cable, the printer's interface settings (baud rate, flow control) and its error LED")
        case .answered(let status):
            guard let fault = status.fault else {
                if status.paperNearEnd {
                    return DiagnosticResult(
                        id: id, title: title, status: .warning, evidence: "\(endpoint) answers: \(status)",
                        fix: "replace the paper roll soon (the near-end sensor is on)")
                }
                return DiagnosticResult(id: id, title: title, status: .ok, evidence: "\(endpoint) answers: \(status)")
            }
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: "\(endpoint) answers: \(status)", fix: faultFix(fault))
        }
    }

    private func faultFix(_ fault: PrinterError.Kind) -> String {
        switch fault {
        case .paperOut:
            return "load a new paper roll (thermal side towards the print head) and close the cover; receipts held meanwhile print by themselves"
        case .coverOpen:
            return "close the printer cover until it clicks; held receipts then print by themselves"
        case .printerError:
            return "open the cover and remove jammed paper at the cutter, close it, switch the printer off and on"
        case .offline:
            return "the printer says it is offline: press its FEED/ONLINE button, check its error LED, switch it off and on"
        case .writeFailed, .timeout:
            return "check the printer's cable and switch it off and on"
        }
    }

    private func reachFix(_ connection: PrinterConfiguration.Connection, _ error: any Error) -> String {
        switch connection {
        case .network(let host, _):
            return "switch the printer on and check its network cable; print its self-test page (hold FEED while switching on) to read its IP address and compare with \(host); "
                + "under systemd kioskd only reaches allowed addresses: systemctl edit kioskd, add [Service] IPAddressAllow=\(host)"
        case .serial(let path, _), .usb(let path):
            if let error = error as? PrinterError, error.errno == EACCES {
                return "let the daemon's user use \(path): usermod -aG lp,dialout kioskd (or install the package's udev rules), then systemctl restart kioskd"
            }
            return "switch the printer on and check its USB/serial cable; `kioskctl devices` lists the printer nodes present"
        case .file(let path):
            return "check that \(path)'s directory exists and is writable"
        }
    }
}
