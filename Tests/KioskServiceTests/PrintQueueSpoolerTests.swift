import Devices
import Foundation
import KioskService
import Receipt
import Storage
import TestSupport
import Testing

/// The durable print queue (a real SQLite file) driven by the spooler against a loopback
/// printer that answers `DLE EOT`.
@Suite("Print queue + spooler: held on faults, printed exactly once, across restarts")
struct PrintQueueSpoolerTests {
    static let job = EscPosJobEncoder(profile: .epson80mm).encode(FooterBlock.elements([
        "Loyalty Program", "Cumulative points: 487 (+12)", "Available reward: -5 € (reached at 500 pts)", "Current tier: Silver",
    ]))
    static let configuration = PrintSpooler.Configuration(
        retry: PrintRetrySchedule(initialMilliseconds: 20, maximumMilliseconds: 100), statusTimeoutMilliseconds: 300)

    func spooler(_ store: KioskStore, printer: FakeEscPosPrinter, events: RecordedEvents<PrintSpoolerEvent>) throws -> PrintSpooler {
        try PrintSpooler(
            store: PrintQueueJobStore(queue: store.printQueue), transport: PrinterNetworkTransport(host: "127.0.0.1", port: printer.port),
            profile: .epson80mm, configuration: Self.configuration, onEvent: events.record)
    }

    /// How many times `job` appears in `bytes`.
    func occurrences(of job: [UInt8], in bytes: [UInt8]) -> Int {
        guard !job.isEmpty, bytes.count >= job.count else { return 0 }
        return (0...(bytes.count - job.count)).filter { bytes[$0..<($0 + job.count)].elementsEqual(job) }.count
    }

    @Test("paper out → held with print-failed → paper back → printed exactly once")
    func paperOutHoldPrintOnce() throws {
        let directory = TemporaryDirectory()
        let store = try KioskStore(stateDirectory: directory.path)
        let printer = try FakeEscPosPrinter.overTCP(condition: .paperOut)
        defer { printer.stop() }
        let queued = try store.printQueue.enqueue(PrintJobRequest(kind: .footer, bytes: Self.job))
        let events = RecordedEvents<PrintSpoolerEvent>()
        let spooler = try spooler(store, printer: printer, events: events)
        spooler.start()
        defer { spooler.stop() }

        #expect(events.wait { $0.filter { if case .printFailed(queued.jobId, let error, _, _) = $0 { error.kind == .paperOut } else { false } }.count >= 2 })
        let held = try #require(try store.printQueue.job(id: queued.jobId))
        #expect(held.status == .pending && held.attempts >= 2, "held in the queue")
        #expect(held.lastError?.hasPrefix("paper out on 'tcp://127.0.0.1:") == true, "\(held.lastError ?? "nil")")
        #expect(occurrences(of: Self.job, in: printer.printed) == 0, "nothing printed while the paper is out")

        printer.condition = .ready
        #expect(events.wait { $0.contains(.printed(jobId: queued.jobId)) })
        #expect(try store.printQueue.job(id: queued.jobId)?.status == .printed)
        #expect(try store.printQueue.pendingCount() == 0)
        spooler.wake()
        let another = try store.printQueue.enqueue(PrintJobRequest(kind: .test, bytes: [0x1B, 0x40, 0x0A]))
        spooler.wake()
        #expect(events.wait { $0.contains(.printed(jobId: another.jobId)) })
        #expect(occurrences(of: Self.job, in: printer.printed) == 1, "printed exactly once")
        #expect(printer.printed == Self.job + [0x1B, 0x40, 0x0A])
    }

    @Test("a job pending at restart prints once")
    func restartPrintsPendingOnce() throws {
        let directory = TemporaryDirectory()
        let printer = try FakeEscPosPrinter.overTCP(condition: .coverOpen)
        defer { printer.stop() }
        var jobId: Int64 = 0
        do {
            let store = try KioskStore(stateDirectory: directory.path)
            jobId = try store.printQueue.enqueue(PrintJobRequest(kind: .footer, bytes: Self.job)).jobId
            let events = RecordedEvents<PrintSpoolerEvent>()
            let first = try spooler(store, printer: printer, events: events)
            first.start()
            #expect(events.wait { $0.contains { if case .printFailed(jobId, let error, _, _) = $0 { error.kind == .coverOpen } else { false } } })
            first.stop()  // kioskd stops with the job held
        }
        printer.condition = .ready
        let store = try KioskStore(stateDirectory: directory.path)
        #expect(try store.printQueue.pendingJobs().map(\.jobId) == [jobId], "still pending after the restart")
        let events = RecordedEvents<PrintSpoolerEvent>()
        let second = try spooler(store, printer: printer, events: events)
        second.start()
        defer { second.stop() }
        #expect(events.wait { $0.contains(.printed(jobId: jobId)) })
        #expect(occurrences(of: Self.job, in: printer.printed) == 1)
        #expect(printer.printed == Self.job, "no resync or reprint notice: nothing had been sent")
        #expect(try store.printQueue.job(id: jobId)?.status == .printed)
    }

    @Test("a job interrupted while sending is reprinted whole at restart, after a resync and a reprint notice")
    func interruptedWhileSending() throws {
        let directory = TemporaryDirectory()
        let printer = try FakeEscPosPrinter.overTCP()
        defer { printer.stop() }
        var jobId: Int64 = 0
        do {
            let store = try KioskStore(stateDirectory: directory.path)
            jobId = try store.printQueue.enqueue(PrintJobRequest(kind: .footer, bytes: Self.job)).jobId
            // What the spooler records durably before the first byte; kioskd then dies mid-write.
            try PrintQueueJobStore(queue: store.printQueue).markAttemptStarted(jobId: jobId)
        }
        let store = try KioskStore(stateDirectory: directory.path)
        let pending = try PrintQueueJobStore(queue: store.printQueue).pendingPrintJobs(limit: 10)
        #expect(pending.map(\.mayHavePrinted) == [true], "the queue remembers the job may be partly on paper")
        let events = RecordedEvents<PrintSpoolerEvent>()
        let spooler = try spooler(store, printer: printer, events: events)
        spooler.start()
        defer { spooler.stop() }
        #expect(events.wait { $0.contains(.printed(jobId: jobId)) })
        let printed = printer.printed
        #expect(printed.prefix(32).allSatisfy { $0 == 0 }, "NULs first")
        #expect(printed.suffix(Self.job.count).elementsEqual(Self.job), "the whole job last")
        #expect(occurrences(of: Self.job, in: printed) == 1)
        let notice = try EscPosStreamDecoder().decode(Array(printed.dropFirst(32).dropLast(Self.job.count)))
        #expect(notice.texts == ["** REPRINT / HERDRUK / RÉIMPRESSION **"])
        #expect(try store.printQueue.job(id: jobId)?.status == .printed)
    }

    @Test("a failure after bytes went out stays marked through later failures that sent nothing")
    func partlySentIsSticky() throws {
        let directory = TemporaryDirectory()
        let store = try KioskStore(stateDirectory: directory.path)
        let adapter = PrintQueueJobStore(queue: store.printQueue)
        let jobId = try store.printQueue.enqueue(PrintJobRequest(kind: .footer, bytes: Self.job)).jobId
        try adapter.recordFailure(jobId: jobId, error: PrinterError(.paperOut, device: "/dev/ttyS0"), bytesSent: false)
        #expect(try adapter.pendingPrintJobs(limit: 1).first?.mayHavePrinted == false)
        try adapter.recordFailure(jobId: jobId, error: PrinterError(.writeFailed, device: "/dev/ttyS0", errno: 5), bytesSent: true)
        try adapter.recordFailure(jobId: jobId, error: PrinterError(.offline, device: "/dev/ttyS0", errno: 2), bytesSent: false)
        #expect(try adapter.pendingPrintJobs(limit: 1).first?.mayHavePrinted == true)
        #expect(try store.printQueue.job(id: jobId)?.lastError == "partly sent: offline on '/dev/ttyS0' (errno 2)")
    }
}
