/// Does pcscd see a badge reader? pcscd can run with no reader at all: the reader is not
/// plugged in, its driver (libccid) is missing, udev did not hand it to pcscd, or the
/// kernel's NFC driver holds it. Lists each reader with whether a card is on it.
public struct PCSCReaderCheck: DiagnosticCheck {
    public let id = "pcsc-readers"
    public init() {}

    public func run(in environment: DiagnosticEnvironment) -> DiagnosticResult {
        let title = "badge reader listed by pcscd"
        let settings = environment.configuration.badgeReader
        guard settings.enabled else {
            return DiagnosticResult(id: id, title: title, status: .skipped, evidence: "badgeReader.enabled is false in \(environment.configuration.source)")
        }
        let socket = environment.system("/run/pcscd/pcscd.comm")
        guard SystemFiles.exists(socket) else {
            return DiagnosticResult(id: id, title: title, status: .skipped, evidence: "pcscd is not running (see the pcscd check)")
        }
        let outcome = PCSCReaderSurvey.take(
            readUIDs: false, socketPath: environment.systemRoot == "/" ? nil : socket, timeoutMilliseconds: Int(environment.networkTimeoutMilliseconds))
        switch outcome {
        case .serviceUnavailable(let error):
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: "pcscd does not answer: \(error)",
                fix: "systemctl restart pcscd.socket pcscd.service; journalctl -u pcscd -n 50")
        case .serviceNotAnswering(let milliseconds):
            return DiagnosticResult(
                id: id, title: title, status: .failed,
                evidence: "\(socket) accepts connections but pcscd does not answer within \(milliseconds) ms (hung)",
                fix: "systemctl restart pcscd.socket pcscd.service; journalctl -u pcscd -n 50")
        case .readers(let readers) where readers.isEmpty:
            return DiagnosticResult(
                id: id, title: title, status: .failed,
                evidence: "pcscd is running but lists no reader (SCardListReaders: SCARD_E_NO_READERS_AVAILABLE)",
                fix: "plug the reader in and check `lsusb` lists it; install its driver: apt-get install libccid; "
                    + "let udev hand it to pcscd: udevadm trigger --subsystem-match=usb --action=add && systemctl restart pcscd; "
                    + "an ACR122U needs the kernel NFC driver off (see nfc-kernel-driver)")
        case .readers(let readers):
            let listed = readers.map { describe($0) }.joined(separator: "; ")
            let watched = readers.filter { settings.accepts(readerName: $0.name) }
            guard !watched.isEmpty else {
                return DiagnosticResult(
                    id: id, title: title, status: .failed,
                    evidence: "badgeReader.readerName \"\(settings.readerName ?? "")\" matches none of the readers pcscd lists: \(listed)",
                    fix: "edit badgeReader.readerName in \(environment.configuration.source) to a part of one of those names, then systemctl restart kioskd")
            }
            if watched.allSatisfy({ $0.card == .unavailable }) {
                return DiagnosticResult(
                    id: id, title: title, status: .failed, evidence: "pcscd lists the reader but cannot use it: \(listed)",
                    fix: "unplug and replug the reader; journalctl -u pcscd -n 50 names the driver error")
            }
            return DiagnosticResult(id: id, title: title, status: .ok, evidence: listed)
        }
    }

    private func describe(_ reader: PCSCReaderSurvey.Reader) -> String {
        switch reader.card {
        case .present: return "\(reader.name): card present (ATR \(PCSCReaderSurvey.hex(reader.answerToReset)))"
        case .empty: return "\(reader.name): no card"
        case .mute: return "\(reader.name): a card that does not answer (mute)"
        case .unavailable: return "\(reader.name): unavailable (\(reader.flags))"
        }
    }
}
