import Devices
import Identity

/// Runs the PC/SC badge reader: cards placed and removed go to the order book, readers and
/// pcscd's availability to the device board.
public struct BadgeReaderService: Service {
    public let name = "badge-reader"
    private let reader: BadgeReader
    private let orders: OrderBook
    private let devices: DeviceStatusBoard
    private let logger: Logger

    /// - Throws: `SystemError` when the reader's stop eventfd cannot be created.
    public init(configuration: BadgeReaderConfiguration, orders: OrderBook, devices: DeviceStatusBoard, logger: Logger) throws {
        reader = try BadgeReader(configuration: configuration)
        self.orders = orders
        self.devices = devices
        self.logger = logger
    }

    public func run() async throws {
        reader.start()
        var uids: [String: CardUID] = [:]
        for await event in reader.events {
            switch event {
            case .serviceAvailable:
                logger.info("\(event)")
            case .readerAppeared(let name):
                logger.notice("\(event)")
                devices.update("badgeReader", DeviceStatus(state: "connected", name: name))
            case .readerDisappeared(let name):
                logger.warning("\(event)")
                devices.update("badgeReader", DeviceStatus(state: "disconnected", name: name))
            case .cardInserted(let name, let uid):
                logger.info("card on '\(name)'")
                uids[name] = uid
                await orders.badge(uid: uid, present: true, reader: name)
            case .cardUnreadable:
                logger.warning("\(event)")
            case .cardRemoved(let name):
                logger.debug("card removed from '\(name)'")
                if let uid = uids.removeValue(forKey: name) {
                    await orders.badge(uid: uid, present: false, reader: name)
                }
            case .unavailable(let error, _):
                logger.warning("\(event)")
                devices.update("badgeReader", DeviceStatus(state: "unavailable", detail: "\(error)"))
            }
        }
        await reader.stop()
    }
}
