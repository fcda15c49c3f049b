import Foundation
import Relay
import Storage
import StrictJSON

/// Relays closed sales to the store backend: the outbox drainer runs until the daemon stops,
/// woken by every committed sale and by `kioskctl outbox retry` (the outbox doorbell); its
/// events become log lines and its status the `backend` part of `/v1/health`.
public struct RelayService: Service {
    public let name = "relay"
    /// The drainer, for its status.
    public let drainer: OutboxDrainer
    private let doorbell: OutboxDoorbell?

    /// - Throws: never for the drainer; a doorbell that cannot be created is logged and skipped.
    public init(store: KioskStore, client: BackendClient, token: BackendToken, stateDirectory: String, sink: LogSink, logger: Logger, clock: KioskClock) {
        drainer = OutboxDrainer(store: store, client: client, events: { event in
            switch event {
            case .answerReceived: logger.debug("\(event)")
            case .batchRecorded: logger.info("\(event)")
            case .backingOff: logger.warning("\(event)")
            case .authenticationRejected:
                sink.redact(token.secretForRedaction())
                logger.error("\(event)")
            case .deadLettered, .storageFailed: logger.error("\(event)")
            case .held: logger.warning("\(event)")
            case .voucherReleased: logger.info("\(event)")
            case .voucherReleaseFailed(_, _, let final): final ? logger.error("\(event)") : logger.warning("\(event)")
            }
        }, now: { clock.now() })
        let drainer = self.drainer
        do {
            doorbell = try OutboxDoorbell(stateDirectory: stateDirectory) { drainer.wake() }
        } catch {
            logger.warning("outbox doorbell unavailable (\(error)): `kioskctl outbox retry` waits for the next sale")
            doorbell = nil
        }
    }

    public func run() async throws {
        await drainer.run()
        doorbell?.stop()
    }

    /// `{"state": "ok" | "unavailable", …}` for `/v1/health`, or `{"state": "held", "reason"}`
    /// while there is no backend token (no token, no customer data).
    public static func health(_ status: OutboxDrainer.Status) -> JSONValue {
        if let held = status.heldReason {
            return .object(JSONObject([("state", "held"), ("reason", .string(held))]))
        }
        var object = JSONObject([("state", .string(status.consecutiveFailures == 0 ? "ok" : "unavailable"))])
        if status.consecutiveFailures > 0 { object["consecutiveFailures"] = .number(String(status.consecutiveFailures)) }
        if let failure = status.lastFailure { object["lastFailure"] = .string(failure) }
        if let at = status.lastDeliveryAt { object["lastDeliveryAt"] = .string(OrderSnapshot.iso8601(at)) }
        return .object(object)
    }
}
