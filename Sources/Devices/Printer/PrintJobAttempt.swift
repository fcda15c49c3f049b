import Receipt

/// One attempt at printing one job over an open transport: status, bytes, status. No retries,
/// no store: the spooler decides what an outcome means.
///
/// Order: `DLE EOT` status (when the profile says the printer answers); a fault stops here with
/// nothing sent. Then, for a job that may have printed before, a resynchronisation preamble and
/// a reprint notice; `markAttemptStarted` (through `willSend`); the job's bytes; status again.
struct PrintJobAttempt {
    enum Outcome: Equatable {
        case printed
        case failed(PrinterError, bytesSent: Bool)
    }

    let transport: any PrinterTransport
    let profile: PrinterProfile
    let statusReader: PrinterStatusReader
    let writeTimeoutMilliseconds: Int32
    let reprintNotice: [UInt8]

    /// NUL bytes sent before a job that may have been cut off mid-command: they complete any
    /// parameter the encoder's commands could still be waiting for (at most the 12 digits of an
    /// EAN-13), and printers ignore NUL elsewhere. The job's own `ESC @` then resets the modes.
    static let resynchronisation = [UInt8](repeating: 0x00, count: 32)

    func run(_ job: PrintJob, report: (PrinterStatusReport) -> Void, willSend: () throws -> Void) -> Outcome {
        do {
            try transport.open()
        } catch let error as PrinterError {
            return .failed(error, bytesSent: false)
        } catch {
            return .failed(PrinterError(.offline, device: transport.endpoint, detail: "\(error)"), bytesSent: false)
        }
        defer { transport.close() }
        do {
            if profile.answersStatus {
                let before = try statusReader.read(from: transport)
                report(before)
                if let fault = before.fault {
                    return .failed(PrinterError(fault, device: transport.endpoint, detail: "\(before)"), bytesSent: false)
                }
            }
        } catch let error as PrinterError {
            return .failed(error, bytesSent: false)
        } catch {
            return .failed(PrinterError(.offline, device: transport.endpoint, detail: "\(error)"), bytesSent: false)
        }
        do {
            try willSend()
        } catch {
            return .failed(PrinterError(.writeFailed, device: transport.endpoint, detail: "job store: \(error)"), bytesSent: false)
        }
        do {
            var bytes: [UInt8] = []
            if job.mayHavePrinted { bytes = Self.resynchronisation + reprintNotice }
            bytes += job.bytes
            try transport.send(bytes, timeoutMilliseconds: writeTimeoutMilliseconds)
            if profile.answersStatus {
                let after = try statusReader.read(from: transport)
                report(after)
                if let fault = after.fault {
                    return .failed(PrinterError(fault, device: transport.endpoint, detail: "after the job: \(after)"), bytesSent: true)
                }
            }
            return .printed
        } catch let error as PrinterError {
            return .failed(error, bytesSent: true)
        } catch {
            return .failed(PrinterError(.writeFailed, device: transport.endpoint, detail: "\(error)"), bytesSent: true)
        }
    }

    /// The default notice printed before a job that may already be partly on paper.
    static func defaultNotice(profile: PrinterProfile) -> [UInt8] {
        var encoder = EscPosEncoder(codePage: profile.codePage)
        encoder.initialize()
        encoder.selectCodePage(profile.codePage, table: profile.codePageTable)
        encoder.align(.center)
        encoder.emphasis(true)
        for line in WordWrapper(width: profile.columns, codePage: profile.codePage).lines("** REPRINT / HERDRUK / RÉIMPRESSION **") {
            encoder.encodedText(line)
            encoder.lineFeed()
        }
        return encoder.bytes
    }
}
