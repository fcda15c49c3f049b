/// The size limits `HTTPRequestParser` enforces, each answered with its own status.
public struct HTTPParserLimits: Sendable, Equatable {
    /// Longest request line (method, target, version) in bytes → 414 `uri-too-long`.
    public var maxRequestLineBytes: Int
    /// Total bytes of the header section (and of a chunked body's trailers), excluding the
    /// request line → 431 `headers-too-large`.
    public var maxHeaderBytes: Int
    /// Most header fields (and trailer fields) → 431 `headers-too-large`.
    public var maxHeaderCount: Int
    /// Largest body, `Content-Length` or the sum of chunks → 413 `payload-too-large`.
    public var maxBodyBytes: Int
    /// Longest chunk-size line of a chunked body (size plus extensions) → 400.
    public var maxChunkLineBytes: Int

    /// 8 KiB request line, 16 KiB / 64 header fields, 64 KiB body, 256-byte chunk lines.
    public init(
        maxRequestLineBytes: Int = 8 * 1024, maxHeaderBytes: Int = 16 * 1024, maxHeaderCount: Int = 64,
        maxBodyBytes: Int = 64 * 1024, maxChunkLineBytes: Int = 256
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.maxChunkLineBytes = maxChunkLineBytes
    }
}
