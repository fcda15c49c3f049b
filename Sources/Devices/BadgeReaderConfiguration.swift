import StrictJSON

/// The `badgeReader` section of `kioskd.json`: which PC/SC readers to watch and how fast to
/// reconnect to pcscd.
///
/// ```json
/// "badgeReader": { "enabled": true, "readerName": "ACR122", "reconnectInitialMs": 250, "reconnectMaxMs": 30000 }
/// ```
/// Every key is optional; the defaults watch every reader and reconnect after 250 ms, 500 ms, …
/// up to 30 s.
public struct BadgeReaderConfiguration: Sendable, Hashable {
    /// The keys the `badgeReader` object may hold.
    public static let keys = ["enabled", "readerName", "reconnectInitialMs", "reconnectMaxMs"]
    /// Bounds of `reconnectInitialMs`.
    public static let reconnectInitialRange = 10...60_000
    /// Upper bound of `reconnectMaxMs` (ten minutes).
    public static let reconnectMaximumLimit = 600_000
    /// Longest `readerName` accepted (pcsc-lite's `MAX_READERNAME` is 128).
    public static let readerNameMaximumLength = 128

    /// Whether the daemon watches PC/SC readers at all (`enabled`, default true). Read by the
    /// service, which creates no `BadgeReader` when false; the reader itself ignores it.
    public var enabled: Bool
    /// Only readers whose PC/SC name contains this text, compared case-insensitively, are
    /// watched (`readerName`); nil watches every reader.
    public var readerName: String?
    /// The reconnection schedule (`reconnectInitialMs`, `reconnectMaxMs`).
    public var backoff: BadgeReaderBackoff

    public init(enabled: Bool = true, readerName: String? = nil, backoff: BadgeReaderBackoff = .standard) {
        self.enabled = enabled
        self.readerName = readerName
        self.backoff = backoff
    }

    /// Whether the reader named `name` is one to watch.
    public func accepts(readerName name: String) -> Bool {
        guard let wanted = readerName else { return true }
        return name.lowercased().contains(wanted.lowercased())
    }

    /// Decodes the `badgeReader` object strictly: an unknown key or a wrong type throws an error
    /// naming its key path (`badgeReader.reconnectMaxMs: expected an integer between 250 and 600000, got 100`).
    /// - Throws: `JSONDecodeError`.
    public static func decode(_ cursor: JSONCursor) throws -> BadgeReaderConfiguration {
        let object = try cursor.object(keys: keys)
        let enabled = try object.optional("enabled")?.bool() ?? true
        let readerName = try object.optional("readerName")?.string(nonEmpty: true, maxLength: readerNameMaximumLength)
        let initial = try object.optional("reconnectInitialMs")?
            .int(min: reconnectInitialRange.lowerBound, max: reconnectInitialRange.upperBound) ?? 250
        let maximum = try object.optional("reconnectMaxMs")?.int(min: initial, max: reconnectMaximumLimit) ?? max(initial, 30_000)
        let backoff = BadgeReaderBackoff(initialDelay: .milliseconds(initial), maximumDelay: .milliseconds(maximum))
        return BadgeReaderConfiguration(enabled: enabled, readerName: readerName, backoff: backoff)
    }
}
