import Devices
import Foundation
import Glibc
import LinuxIO
import Receipt
import Synchronization
import TestSupport
import Testing

/// The spooler against the loopback printer, with an in-memory job store (the SQLite-backed
/// store is exercised in KioskServiceTests/PrintQueueSpoolerTests).
struct PrintSpoolerTests {
    let job = EscPosJobEncoder(profile: .epson80mm).encode(FooterBlock.elements(["Loyalty Program", "Current tier: Silver"]))
    let fast = PrintSpooler.Configuration(retry: PrintRetrySchedule(initialMilliseconds: 20, maximumMilliseconds: 100), statusTimeoutMilliseconds: 200)

    @Test("paper out holds the job and reports print-failed; paper back: printed exactly once")
    func paperOutThenBack() throws {
        let printer = try FakeEscPosPrinter.overTCP(condition: .paperOut)
        defer { printer.stop() }
        let store = MemoryPrintJobStore([PrintJob(id: 1, bytes: job)])
        let events = EventRecorder()
        let spooler = try PrintSpooler(store: store, transport: PrinterNetworkTransport(host: "127.0.0.1", port: printer.port), profile: .epson80mm, configuration: fast, onEvent: events.record)
        spooler.start()
        defer { spooler.stop() }
        #expect(events.wait { $0.filter(\.isPrintFailed).count >= 2 }, "held, retried")
        #expect(printer.printed.isEmpty, "nothing sent while the paper is out")
        #expect(events.all.contains { if case .printFailed(1, let error, _, _) = $0 { error.kind == .paperOut } else { false } })
        printer.condition = .ready
        #expect(events.wait { $0.contains(.printed(jobId: 1)) })
        #expect(store.printed == [1])
        #expect(printer.printed == job, "the job's bytes, once")
        spooler.wake()
        Thread.sleep(forTimeInterval: 0.1)
        #expect(printer.printed == job, "and never again")
    }

    @Test("a printer that never answers status is not offline: its jobs print")
    func silentPrinterPrints() throws {
        let printer = try FakeEscPosPrinter.overTCP(condition: .silent)
        defer { printer.stop() }
        let store = MemoryPrintJobStore([PrintJob(id: 7, bytes: job)])
        let events = EventRecorder()
        let spooler = try PrintSpooler(store: store, transport: PrinterNetworkTransport(host: "127.0.0.1", port: printer.port), profile: .epson80mm, configuration: fast, onEvent: events.record)
        spooler.start()
        defer { spooler.stop() }
        #expect(events.wait { $0.contains(.printed(jobId: 7)) })
        let failed = events.all.contains(where: \.isPrintFailed)
        #expect(!failed)
        #expect(events.all.contains(.printerStatus(.notAnswering, endpoint: "tcp://127.0.0.1:\(printer.port)")))
        #expect(printer.printed == job)
    }

    @Test("a write error holds the job, noting that bytes went out (write-failed, ENOSPC on /dev/full)")
    func writeErrorHolds() throws {
        let store = MemoryPrintJobStore([PrintJob(id: 3, bytes: job)])
        let events = EventRecorder()
        let spooler = try PrintSpooler(store: store, transport: PrinterFileTransport(path: "/dev/full"), profile: .epson80mm, configuration: fast, onEvent: events.record)
        spooler.start()
        #expect(events.wait { $0.contains(where: \.isPrintFailed) })
        spooler.stop()
        let failure = events.all.first(where: \.isPrintFailed)
        guard case .printFailed(3, let error, 1, let retry)? = failure else { Issue.record("no print-failed: \(events.all)"); return }
        #expect(error.kind == .writeFailed && error.errno == ENOSPC && error.device == "/dev/full", "\(error)")
        #expect(retry == 20)
        #expect(store.failures.first?.bytesSent == true)
        #expect(store.pending.first?.mayHavePrinted == true, "the next attempt knows part of it may be on paper")
    }

    @Test("a job that may have printed before is resent whole after a resync and a reprint notice")
    func interruptedJobIsResent() throws {
        let printer = try FakeEscPosPrinter.overPseudoTerminal()
        defer { printer.stop() }
        let store = MemoryPrintJobStore([PrintJob(id: 4, bytes: job, attempts: 1, mayHavePrinted: true)])
        let events = EventRecorder()
        let transport = PrinterSerialTransport(path: printer.devicePath, settings: SerialLineSettings(baudRate: .b115200, flowControl: .none))
        let spooler = try PrintSpooler(store: store, transport: transport, profile: .epson80mm, configuration: fast, onEvent: events.record)
        spooler.start()
        defer { spooler.stop() }
        #expect(events.wait { $0.contains(.printed(jobId: 4)) })
        let printed = printer.printed
        #expect(printed.prefix(32).allSatisfy { $0 == 0 }, "NULs complete any cut-off command")
        #expect(printed.suffix(job.count) == job[...], "then the whole job")
        let notice = try EscPosStreamDecoder().decode(Array(printed.dropFirst(32).dropLast(job.count)))
        #expect(notice.texts == ["** REPRINT / HERDRUK / RÉIMPRESSION **"])
    }

    @Test("jobs print in order, each once")
    func order() throws {
        let printer = try FakeEscPosPrinter.overTCP()
        defer { printer.stop() }
        let jobs = (1...5).map { PrintJob(id: Int64($0), bytes: [0x1B, 0x40, UInt8(0x40 + $0), 0x0A]) }
        let store = MemoryPrintJobStore(jobs)
        let events = EventRecorder()
        let spooler = try PrintSpooler(store: store, transport: PrinterNetworkTransport(host: "127.0.0.1", port: printer.port), profile: .epson80mm, configuration: fast, onEvent: events.record)
        spooler.start()
        defer { spooler.stop() }
        #expect(events.wait { $0.filter(\.isPrinted).count == 5 })
        #expect(printer.printed == jobs.flatMap(\.bytes))
        #expect(store.printed == [1, 2, 3, 4, 5])
    }

    @Test("the retry delay doubles up to the maximum", arguments: [(1, 500), (2, 1_000), (3, 2_000), (5, 8_000), (6, 15_000), (40, 15_000)])
    func retrySchedule(_ failures: Int, _ delay: Int) {
        #expect(PrintRetrySchedule(initialMilliseconds: 500, maximumMilliseconds: 15_000).delay(afterFailures: failures) == delay)
    }
}

extension PrintSpoolerEvent {
    var isPrintFailed: Bool { if case .printFailed = self { true } else { false } }
    var isPrinted: Bool { if case .printed = self { true } else { false } }
}

typealias EventRecorder = RecordedEvents<PrintSpoolerEvent>

/// An in-memory `PrintJobStore` with the semantics the SQLite queue has.
final class MemoryPrintJobStore: PrintJobStore {
    struct Failure: Equatable { let jobId: Int64; let kind: PrinterError.Kind; let bytesSent: Bool }
    private struct State {
        var pending: [PrintJob]
        var printed: [Int64] = []
        var failures: [Failure] = []
    }
    private let state: Mutex<State>

    init(_ jobs: [PrintJob]) { state = Mutex(State(pending: jobs)) }

    var printed: [Int64] { state.withLock { $0.printed } }
    var failures: [Failure] { state.withLock { $0.failures } }
    var pending: [PrintJob] { state.withLock { $0.pending } }

    func pendingPrintJobs(limit: Int) throws -> [PrintJob] { state.withLock { Array($0.pending.prefix(limit)) } }

    func markAttemptStarted(jobId: Int64) throws {
        update(jobId) { PrintJob(id: $0.id, bytes: $0.bytes, attempts: $0.attempts, mayHavePrinted: true) }
    }

    func markPrinted(jobId: Int64) throws {
        state.withLock { state in
            state.pending.removeAll { $0.id == jobId }
            state.printed.append(jobId)
        }
    }

    func recordFailure(jobId: Int64, error: PrinterError, bytesSent: Bool) throws {
        state.withLock { $0.failures.append(Failure(jobId: jobId, kind: error.kind, bytesSent: bytesSent)) }
        update(jobId) { PrintJob(id: $0.id, bytes: $0.bytes, attempts: $0.attempts + 1, mayHavePrinted: $0.mayHavePrinted || bytesSent) }
    }

    private func update(_ jobId: Int64, _ change: (PrintJob) -> PrintJob) {
        state.withLock { state in
            if let index = state.pending.firstIndex(where: { $0.id == jobId }) { state.pending[index] = change(state.pending[index]) }
        }
    }
}
