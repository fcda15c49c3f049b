import Foundation

/// A cross-store account as last seen from the backend, kept for identification offline.
public struct CachedAccount: Sendable, Equatable {
    /// How the copy was obtained.
    public enum Source: String, Sendable {
        /// `GET /v1/accounts/{credential}` at identification.
        case lookup
        /// The account carried in the answer to `POST /v1/sales`.
        case saleAnswer = "sale-answer"
    }

    public var accountId: String
    /// Credentials that identify this account (`badge:04A1B2C3D4`, `card:2990000000017`).
    public var credentials: [String]
    /// The backend's JSON account document, byte for byte.
    public var document: [UInt8]
    public var fetchedAt: Date
    public var source: Source

    public init(accountId: String, credentials: [String], document: [UInt8], fetchedAt: Date, source: Source) {
        self.accountId = accountId
        self.credentials = credentials
        self.document = document
        self.fetchedAt = fetchedAt
        self.source = source
    }

    /// The document's `revision` (the backend's per-account change counter), or nil when it has
    /// none: copies are ordered by it when both have one, else by `fetchedAt`.
    public var revision: Int64? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(document)) as? [String: Any],
              let number = object["revision"] as? Int
        else { return nil }
        return Int64(number)
    }

    /// Whether this copy is at least as recent as `other`: by `revision` when both carry one
    /// (answers to concurrent or replayed requests arrive in any order), else by `fetchedAt`.
    public func supersedes(_ other: CachedAccount) -> Bool {
        if let mine = revision, let theirs = other.revision { return mine >= theirs }
        return fetchedAt >= other.fetchedAt
    }
}
