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
    /// The token, or why there is none (the file is missing, empty or invalid).
    private let value: Mutex<Result<String, BackendTokenError>>

    /// Reads the token from `tokenFile`, or from `$CREDENTIALS_DIRECTORY/backend-token`.
    /// - Throws: `BackendTokenError` naming the path (never the content) when neither is
    ///   available, the file cannot be read, or the token is empty or has spaces/control characters.
    public convenience init(tokenFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let path = try BackendToken.path(tokenFile: tokenFile, environment: environment)
        self.init(path: path, value: .success(try BackendToken.read(path)))
    }

    /// The token at `tokenFile` (or `$CREDENTIALS_DIRECTORY/backend-token`), which may be
    /// missing for now: `unavailableReason` then says why and `authorizationHeader()` is nil,
    /// so nothing is sent to the backend until `reload()` finds a valid token.
    /// - Throws: `BackendTokenError` only when no path is configured at all.
    public static func awaiting(tokenFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> BackendToken {
        let path = try path(tokenFile: tokenFile, environment: environment)
        return BackendToken(path: path, value: Result { try read(path) }.mapError { $0 as? BackendTokenError ?? BackendTokenError(path: path, reason: "\($0)") })
    }

    private init(path: String, value: Result<String, BackendTokenError>) {
        self.path = path
        self.value = Mutex(value)
    }

    static func path(tokenFile: String?, environment: [String: String]) throws -> String {
        if let tokenFile { return tokenFile }
        if let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty {
            return (directory as NSString).appendingPathComponent(credentialName)
        }
        throw BackendTokenError(path: nil, reason: "no backend.tokenFile and no $CREDENTIALS_DIRECTORY/\(credentialName)")
    }

    /// Re-reads the file. A valid token replaces the current one; an unreadable or invalid file
    /// keeps a token already loaded (a rotation in progress), and otherwise updates the reason.
    /// - Returns: true when a different token is now in use.
    /// - Throws: `BackendTokenError` when the file cannot be read or is invalid.
    @discardableResult
    public func reload() throws -> Bool {
        let fresh: String
        do {
            fresh = try Self.read(path)
        } catch let error as BackendTokenError {
            value.withLock { current in
                if case .failure = current { current = .failure(error) }
            }
            throw error
        }
        return value.withLock { current in
            defer { current = .success(fresh) }
            if case .success(let old) = current { return old != fresh }
            return true
        }
    }

    /// Why there is no token to send (the file is missing, empty or invalid), or nil when a token
    /// is loaded. Names the file, never a token.
    public var unavailableReason: String? {
        value.withLock { current in
            if case .failure(let error) = current { return error.description }
            return nil
        }
    }

    /// The `Authorization` header value, or nil while there is no token. Only for the request
    /// header: never print it.
    public func authorizationHeader() -> String? {
        value.withLock { current in
            if case .success(let token) = current { return "Bearer " + token }
            return nil
        }
    }

    /// The raw token, for registering with the log redactor (`LogSink.redact`) only; empty while
    /// there is none.
    public func secretForRedaction() -> String {
        value.withLock { current in
            if case .success(let token) = current { return token }
            return ""
        }
    }

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
