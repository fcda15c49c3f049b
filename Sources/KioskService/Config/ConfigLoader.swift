import Glibc
import LinuxIO
import StrictJSON

extension KioskConfig {
    /// The largest configuration file read (a limit on what a user controls).
    public static let maxFileBytes = 1 << 20

    /// Reads and decodes the configuration file at `path`.
    /// - Throws: `ConfigError.unreadable` with the OS error (missing, permissions, directory,
    ///   over `maxFileBytes`); `ConfigError.invalid` with the key path at fault.
    public static func load(path: String) throws(ConfigError) -> KioskConfig {
        let bytes: [UInt8]
        do {
            bytes = try readFile(path)
        } catch {
            throw .unreadable(path: path, error)
        }
        do {
            return try decode(JSONCursor.parse(bytes))
        } catch let error as JSONDecodeError {
            throw .invalid(path: path, error)
        } catch {
            throw .invalid(path: path, JSONDecodeError(path: .root, message: "\(error)"))
        }
    }

    /// The file's bytes, refusing anything larger than `maxFileBytes`.
    private static func readFile(_ path: String) throws(SystemError) -> [UInt8] {
        do {
            let descriptor = try FileDescriptor.open(path, .readOnly)
            defer { descriptor.close() }
            var bytes: [UInt8] = []
            while true {
                let chunk = try descriptor.read(upTo: 64 * 1024)
                if chunk.isEmpty { return bytes }
                bytes += chunk
                if bytes.count > maxFileBytes { throw SystemError(code: EFBIG, call: "read('\(path)')") }
            }
        } catch let error as SystemError {
            throw error
        } catch {
            throw SystemError(code: EIO, call: "read('\(path)')")
        }
    }
}
