import Devices
import Identity

/// Runs the evdev scanners: their reading thread reports devices, scans and wedge badge
/// reads, which this service routes to the order book and the device board.
public struct ScannerService: Service {
    public let name = "scanner"
    private let scanner: EvdevScanner
    private let orders: OrderBook
    private let devices: DeviceStatusBoard
    private let logger: Logger

    /// - Throws: `SystemError` when the scanner's eventfd cannot be created.
    public init(configuration: ScannerConfiguration, policy: IdentityPolicy, orders: OrderBook, devices: DeviceStatusBoard, logger: Logger) throws {
        scanner = try EvdevScanner(configuration: configuration, classifier: CredentialClassifier(policy: policy))
        self.orders = orders
        self.devices = devices
        self.logger = logger
    }

    public func run() async throws {
        try scanner.start()
        for await event in scanner.events {
            await handle(event)
        }
        await scanner.stop()
    }

    private func handle(_ event: ScannerEvent) async {
        switch event {
        case .deviceAppeared(let info):
            logger.notice("\(event)")
            devices.update("scanner", DeviceStatus(state: "connected", name: info.path))
        case .deviceDisappeared(let path, _):
            logger.warning("\(event)")
            devices.update("scanner", DeviceStatus(state: "disconnected", name: path))
        case .deviceError(let path, let error, _):
            logger.warning("\(event)")
            devices.update("scanner", DeviceStatus(state: "error", name: path, detail: "\(error)"))
        case .scan(let read):
            logger.info("scan on '\(read.device)': \(read.isValid ? "valid" : "invalid") \(Self.kind(read.classification))")
            await orders.scanned(read.classification, scanner: read.device)
        case .badge(let read):
            logger.info("badge on wedge reader '\(read.device)'")
            await orders.badge(uid: read.uid, present: true, reader: read.device, source: .keyboardWedge)
        case .discarded:
            logger.debug("\(event)")
        }
    }

    /// The kind of a scan for the log, never the code itself (a card number is customer data).
    static func kind(_ classification: ScanClassification) -> String {
        switch classification {
        case .credential: return "loyalty card"
        case .voucher: return "voucher"
        case .unrecognised: return "other code"
        case .invalid(_, let reason): return "code (\(reason.code))"
        }
    }
}
