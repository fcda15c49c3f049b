import Foundation
import Storage

/// Finds the cross-store account of a credential at identification: the backend first, with
/// a short timeout, else the local cache — marked as such, so the footer can say the figures
/// may be behind.
public struct AccountLookup: Sendable {
    /// Where the account came from.
    public enum Result: Sendable, Equatable {
        /// The backend answered; the copy is in the cache too unless sales of the account were
        /// still in the outbox.
        case live(CachedAccount)
        /// The backend could not answer in time; this is the cached copy from `fetchedAt`.
        case cached(CachedAccount, backendError: String)
        /// The backend knows no account with this credential (a new customer).
        case unknownCredential
        /// The backend could not answer and nothing is cached.
        case unavailable(backendError: String)

        /// The account, live or cached.
        public var account: CachedAccount? {
            switch self {
            case .live(let account), .cached(let account, _): return account
            case .unknownCredential, .unavailable: return nil
            }
        }
    }

    let client: BackendClient
    let cache: AccountCache
    let now: @Sendable () -> Date
    let storage = StoreExecutor(label: "kioskd.account-lookup")

    public init(client: BackendClient, cache: AccountCache, now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.cache = cache
        self.now = now
    }

    /// Looks up `credential` (`badge:04A1B2C3D4`, `card:2990000000017`).
    ///
    /// Waits at most `backend.accountTimeoutMs` for the backend. A live answer is cached under
    /// its id, its credentials and `credential`, unless sales of the account are still in the
    /// outbox (the answer may already count them; their acknowledgements refresh the cache).
    /// A cache failure never hides a live answer.
    public func account(credential: String) async -> Result {
        switch await client.fetchAccount(credential: credential) {
        case .found(let document):
            var credentials = document.credentials
            if !credentials.contains(credential) { credentials.append(credential) }
            let account = CachedAccount(accountId: document.accountId, credentials: credentials, document: document.bytes,
                                        fetchedAt: now(), source: .lookup)
            let cache = self.cache
            // Not cached while this kiosk has sales of the account in flight (see `storeLookup`).
            _ = try? await storage.run { try cache.storeLookup(account) }
            return .live(account)
        case .unknownCredential:
            return .unknownCredential
        case .unavailable(let reason):
            let cache = self.cache
            if let cached = (try? await storage.run { try cache.account(credential: credential) }) ?? nil {
                return .cached(cached, backendError: reason)
            }
            return .unavailable(backendError: reason)
        }
    }
}
