/// The API's bearer token, compared in constant time and never printed.
///
/// `description` is redacted so a token that ends up in a log line or an error message shows
/// as `AccessToken(redacted)`.
public struct AccessToken: Sendable, CustomStringConvertible {
    /// Shortest token accepted (in characters).
    public static let minimumLength = 16
    /// Longest token accepted (in characters).
    public static let maximumLength = 512

    private let bytes: [UInt8]

    /// Reads a token as stored in a token file: surrounding whitespace and newline removed.
    /// - Returns: `nil` unless the result is 16…512 visible ASCII characters without spaces.
    public init?(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while let first = bytes.first, Self.isSpace(first) { bytes.removeFirst() }
        while let last = bytes.last, Self.isSpace(last) { bytes.removeLast() }
        guard bytes.count >= Self.minimumLength, bytes.count <= Self.maximumLength,
              bytes.allSatisfy({ $0 > 32 && $0 < 127 })
        else { return nil }
        self.bytes = Array(bytes)
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }

    /// A new random token: 32 bytes from the system's CSPRNG (`getrandom`), as 64 hex digits.
    public static func generate() -> AccessToken {
        var generator = SystemRandomNumberGenerator()
        let hex = (0..<32).map { _ -> String in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
        return AccessToken(hex)!
    }

    /// The token's text, for writing the token file. Never log it.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Whether `candidate` is this token. Runs in time that depends only on the candidate's
    /// length (which the caller already knows), never on how many leading bytes match.
    public func matches<S: StringProtocol>(_ candidate: S) -> Bool {
        let given = Array(candidate.utf8)
        var difference: UInt8 = given.count == bytes.count ? 0 : 1
        for (index, byte) in given.enumerated() {
            difference |= byte ^ bytes[index % bytes.count]
        }
        return difference == 0 && !given.isEmpty
    }

    public var description: String { "AccessToken(redacted)" }
}

