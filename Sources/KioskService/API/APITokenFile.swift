import Foundation
import Glibc
import LinuxIO

/// The local API's bearer token file: created 0640 at first start, rotated atomically.
///
/// Guarantees: the token is 64 hex digits from the system CSPRNG; the file is created with
/// `O_CREAT | O_EXCL` and mode 0640 (owner read/write, group read: the kiosk UI's group),
/// whatever the umask; rotation writes a temporary file, fsyncs it and renames it over the
/// old one, so a reader sees the old token or the new one, never a partial file. The token is
/// never logged: callers register it with `LogSink.redact` before anything else.
public struct APITokenFile: Sendable {
    /// The file's path.
    public let path: String

    /// Shortest and longest token accepted from a file written by hand.
    public static let tokenLengths = 16...512
    /// The file's mode.
    public static let mode: mode_t = 0o640

    public init(path: String) { self.path = path }

    /// The path for `config`: `api.tokenFile`, else `<stateDirectory>/api-token`.
    public init(config: KioskConfig) {
        self.init(path: config.api.tokenFile ?? (config.stateDirectory as NSString).appendingPathComponent("api-token"))
    }

    /// Reads the token, creating the file with a new token when it does not exist.
    /// - Returns: the token and whether it was just created.
    /// - Throws: `SystemError` for the failing call; `EINVAL` for a file whose content is not a token.
    public func loadOrCreate() throws -> (token: String, created: Bool) {
        if let token = try read() { return (token, false) }
        let token = Self.generate()
        do {
            let descriptor = try FileDescriptor.open(path, [.writeOnly, .create, .exclusive], mode: Self.mode)
            defer { descriptor.close() }
            try Self.write(token, to: descriptor)
            return (token, true)
        } catch let error as SystemError where error.code == EEXIST {
            // Another process created it between our read and our create: use theirs.
            guard let token = try read() else { throw error }
            return (token, false)
        }
    }

    /// Replaces the token with a new one, atomically.
    /// - Returns: the new token.
    /// - Throws: `SystemError` for the failing call.
    public func rotate() throws -> String {
        let token = Self.generate()
        let temporary = path + ".new-\(getpid())"
        let descriptor = try FileDescriptor.open(temporary, [.writeOnly, .create, .truncate], mode: Self.mode)
        do {
            try Self.write(token, to: descriptor)
            descriptor.close()
            try retryOnInterrupt("rename('\(temporary)', '\(path)')") { Glibc.rename(temporary, path) }
        } catch {
            descriptor.close()
            unlink(temporary)
            throw error
        }
        return token
    }

    /// The token in the file, or nil when the file does not exist.
    /// - Throws: `SystemError` when it cannot be read, or (`EINVAL`) holds no valid token.
    public func read() throws -> String? {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(path, .readOnly)
        } catch let error as SystemError where error.code == ENOENT {
            return nil
        }
        defer { descriptor.close() }
        let bytes = try descriptor.read(upTo: Self.tokenLengths.upperBound + 2)
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.tokenLengths.contains(text.utf8.count), text.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw SystemError(code: EINVAL, call: "read('\(path)'): not a token of \(Self.tokenLengths) visible characters")
        }
        return text
    }

    /// The file's permission bits.
    public func permissions() throws -> mode_t {
        var info = stat()
        try retryOnInterrupt("stat('\(path)')") { stat(path, &info) }
        return info.st_mode & 0o7777
    }

    /// A new token: 32 bytes from the system CSPRNG (`getrandom`), as 64 hex digits.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }

    private static func write(_ token: String, to descriptor: FileDescriptor) throws {
        // The mode given to open() is reduced by the umask: set it explicitly.
        try retryOnInterrupt("fchmod('\(descriptor.label)')") { fchmod(descriptor.rawValue, mode) }
        try descriptor.writeAll(Array((token + "\n").utf8))
        try descriptor.sync()
    }
}
