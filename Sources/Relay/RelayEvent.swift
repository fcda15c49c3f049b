import Foundation

/// Something the relay did that the service may log, count or show on `/v1/health`.
///
/// Descriptions are log-ready lines; none contains the backend token.
public enum RelayEvent: Sendable, Equatable, CustomStringConvertible {
    /// The backend answered for a sale (before the outcome is committed locally).
    case answerReceived(saleId: String, verdict: SaleDeliveryVerdict)
    /// A batch's outcomes were committed.
    case batchRecorded(delivered: Int, retried: Int, deadLettered: Int)
    /// The backend looks down (a whole batch failed); the drainer waits `milliseconds`.
    case backingOff(milliseconds: Int, consecutiveFailures: Int, reason: String)
    /// The backend refused the token; the token file was re-read.
    case authenticationRejected(reason: String, tokenChanged: Bool)
    /// A sale was moved to the dead letters.
    case deadLettered(saleId: String, reason: String)
    /// Storage failed while draining; the drainer retries after `milliseconds`.
    case storageFailed(error: String, milliseconds: Int)
    /// A voucher redemption of sale `saleId` was released at the backend (order cancelled,
    /// voucher removed, or the daemon restarted before the sale closed).
    case voucherReleased(saleId: String, httpStatus: Int)
    /// A voucher release failed; retried after `milliseconds`, or dropped when `final`.
    case voucherReleaseFailed(saleId: String, reason: String, final: Bool)
    /// Nothing is sent (no backend token): sales wait in the outbox until the drainer is woken.
    case held(reason: String, pending: Int)

    public var description: String {
        switch self {
        case .answerReceived(let saleId, let verdict): return "sale \(saleId): \(verdict)"
        case .batchRecorded(let delivered, let retried, let dead):
            return "outbox batch: \(delivered) delivered, \(retried) to retry, \(dead) dead-lettered"
        case .backingOff(let ms, let failures, let reason):
            return "backend unavailable (\(reason)), \(failures) failed batch(es) in a row, retrying in \(Self.seconds(ms))"
        case .authenticationRejected(let reason, let changed):
            return "backend refused the token (\(reason)); token file re-read" + (changed ? ", new token in use" : ", unchanged")
        case .deadLettered(let saleId, let reason):
            return "sale \(saleId) refused by the backend (\(reason)); kept as a dead letter, retry with `kioskctl outbox retry \(saleId)`"
        case .storageFailed(let error, let ms):
            return "outbox storage failed (\(error)), retrying in \(Self.seconds(ms))"
        case .voucherReleased(let saleId, let status):
            return "voucher redemption of sale \(saleId) released at the backend (\(status))"
        case .voucherReleaseFailed(let saleId, let reason, let final):
            return "voucher release for sale \(saleId) failed (\(reason))" + (final ? "; refused for good, dropped" : "; retrying")
        case .held(let reason, let pending):
            return "relay held (\(reason)): \(pending) sale(s) wait in the outbox; sending resumes when a valid token file appears"
        }
    }

    static func seconds(_ milliseconds: Int) -> String {
        milliseconds < 1_000 ? "\(milliseconds) ms" : String(format: "%.1f s", Double(milliseconds) / 1_000)
    }
}
