import Devices
import Foundation
import Storage

/// Runs the print spooler over the durable print queue: `printed` and `print-failed` events
/// for the kiosk UI, the printer's state on the device board, a wake-up after each commit that
/// queued jobs.
public struct PrintSpoolerService: Service {
    public let name = "printer"
    private let spooler: PrintSpooler

    /// - Throws: `SystemError` when the spooler's eventfd cannot be created.
    public init(
        store: KioskStore, printer: PrinterConfiguration, events: any KioskEventSink, devices: DeviceStatusBoard,
        logger: Logger
    ) throws {
        let queue = store.printQueue
        let endpoint = printer.connection.description
        spooler = try PrintSpooler(store: PrintQueueJobStore(queue: queue), printer: printer) { event in
            switch event {
            case .printed(let jobId):
                let job = try? queue.job(id: jobId)
                logger.info("print job \(jobId) printed")
                events.publish(.printed(jobId: jobId, saleId: job?.saleId, kind: job?.kind.rawValue ?? "job"))
                devices.update("printer", DeviceStatus(state: "connected", name: endpoint))
            case .printFailed(let jobId, let error, let attempt, let retry):
                let job = try? queue.job(id: jobId)
                logger.warning("print job \(jobId) held (attempt \(attempt)): \(error), retrying in \(retry) ms")
                events.publish(.printFailed(jobId: jobId, saleId: job?.saleId, reason: "\(error)"))
                devices.update("printer", DeviceStatus(state: "error", name: endpoint, detail: "\(error)"))
            case .printerStatus(let report, _):
                logger.info("printer \(endpoint): \(report)")
            case .storeFailed(let message, let retry):
                logger.error("print queue: \(message), retrying in \(retry) ms")
            }
        }
        let spooler = self.spooler
        store.observeChanges { change in
            if case .printJobsQueued = change { spooler.wake() }
        }
    }

    public func run() async throws {
        spooler.start()
        await untilCancelled()
        // stop() waits for the spooler thread: keep that off the cooperative pool.
        let spooler = self.spooler
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                spooler.stop()
                continuation.resume()
            }
            thread.start()
        }
    }
}
