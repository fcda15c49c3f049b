import Foundation
import Synchronization

/// Whether the account figures of a credential come from the backend, live, or from this
/// kiosk's cache: what the identification's account lookup found.
///
/// The daemon marks a credential `lookupStarted` when an order is identified and `lookupEnded`
/// when the backend's answer (or its failure) is in. A sale quoted for a credential whose
/// latest lookup has not succeeded — still running, or failed so the cached copy was served —
/// is marked as computed from the cache (`FooterData.accountFromCache`, `accountSource: "cache"`
/// in the API's answer), so the footer can say the figures may lag. Holds at most
/// `maximumEntries` credentials (the oldest are forgotten).
public final class AccountFreshness: Sendable {
    /// Most credentials remembered.
    public static let maximumEntries = 256

    /// What the latest lookup of a credential found.
    public enum State: Sendable, Equatable {
        /// Asked, no answer yet.
        case pending
        /// The backend answered (the account, or "no such credential": a new customer).
        case live
        /// The backend did not answer: the cached copy (if any) was used.
        case cache(reason: String)
    }

    private let entries = Mutex<[(key: String, state: State)]>([])

    public init() {}

    /// A lookup of `credential` started (the order was identified).
    public func lookupStarted(_ credential: String) { set(credential, .pending) }

    /// The lookup of `credential` ended: `live` when the backend answered.
    public func lookupEnded(_ credential: String, live: Bool, reason: String? = nil) {
        set(credential, live ? .live : .cache(reason: reason ?? "backend unreachable"))
    }

    /// The latest lookup state of `credential`; nil when none was made (no backend).
    public func state(_ credential: String) -> State? {
        entries.withLock { list in list.last { $0.key == credential }?.state }
    }

    /// Whether figures for `credential` come from the cache: a lookup was made and did not succeed.
    public func isFromCache(_ credential: String) -> Bool {
        guard let state = state(credential) else { return false }
        return state != .live
    }

    private func set(_ credential: String, _ state: State) {
        entries.withLock { list in
            list.removeAll { $0.key == credential }
            list.append((credential, state))
            if list.count > Self.maximumEntries { list.removeFirst(list.count - Self.maximumEntries) }
        }
    }
}
