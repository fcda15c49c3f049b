import Foundation
import Synchronization

/// The bearer token for the backend, read from a file; it never appears in a description,
/// a log line or an error.
///
/// Source, in order: `backend.tokenFile`, else `$CREDENTIALS_DIRECTORY/backend-token`
/// (systemd `LoadCredential=`). The file is re-read by `reload()` (after a 401), so a rotated
/// token is picked up without restarting the daemon.
public final class BackendToken: Sendable, CustomStringConvertible {
    /// Largest token file accepted.
    public static let maximumBytes = 4_096
    /// The credential name under `$CREDENTIALS_DIRECTORY`.
    public static let credentialName = "backend-token"

    /// The file the token is read from.
    public let path: String
    private let value: Mutex<String>

    /// Reads the token from `tokenFile`, or from `$CREDENTIALS_DIRECTORY/backend-token`.
    /// - Throws: `BackendTokenError` naming the path (never the content) when neither is
    ///   available, the file cannot be read, or the token is empty or has spaces/control characters.
    public init(tokenFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if let tokenFile {
            path = tokenFile
        } else if let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty {
            path = (directory as NSString).appendingPathComponent(Self.credentialName)
        } else {
            throw BackendTokenError(path: nil, reason: "no backend.tokenFile and no $CREDENTIALS_DIRECTORY/\(Self.credentialName)")
        }
        value = Mutex(try Self.read(path))
    }

    /// Re-reads the file; keeps the previous token when the file is unreadable or invalid.
    /// - Returns: true when the token changed.
    /// - Throws: `BackendTokenError` when the file cannot be read (the old token stays).
    @discardableResult
    public func reload() throws -> Bool {
        let fresh = try Self.read(path)
        return value.withLock { current in
            defer { current = fresh }
            return current != fresh
        }
    }

    /// The `Authorization` header value. Only for the request header and for registering the
    /// token with the log redactor: never print it.
    public func authorizationHeader() -> String { "Bearer " + value.withLock { $0 } }

    /// The raw token, for registering with the log redactor (`LogSink.redact`) only.
    public func secretForRedaction() -> String { value.withLock { $0 } }

    public var description: String { "BackendToken(\(path), ***)" }

    static func read(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BackendTokenError(path: path, reason: "cannot open (errno \(errno): \(String(cString: strerror(errno))))")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maximumBytes + 1)) ?? Data()
        guard data.count <= maximumBytes else { throw BackendTokenError(path: path, reason: "larger than \(maximumBytes) bytes") }
        guard let text = String(data: data, encoding: .utf8) else { throw BackendTokenError(path: path, reason: "not UTF-8") }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw BackendTokenError(path: path, reason: "empty") }
        guard token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw BackendTokenError(path: path, reason: "contains spaces, control or non-ASCII characters")
        }
        return token
    }
}

/// The backend token could not be loaded. Names the file, never its content.
public struct BackendTokenError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String?
    public let reason: String
    public var description: String {
        path.map { "backend token '\($0)': \(reason)" } ?? "backend token: \(reason)"
    }
}
