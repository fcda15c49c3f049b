import LinuxIO
import StrictJSON

/// Why the configuration could not be loaded; always ends `kioskd` with exit code 78.
///
/// Prints as one line naming the file and either the OS error or the key path:
/// `config '/etc/kioskd/kioskd.json': loyalty.tiers[1].threshold: expected an integer >= 0, got "five"`.
public enum ConfigError: Error, Sendable, CustomStringConvertible {
    /// The file could not be opened or read (missing, permissions, a directory, too large).
    case unreadable(path: String, SystemError)
    /// The file was read but is not a valid configuration.
    case invalid(path: String, JSONDecodeError)

    public var description: String {
        switch self {
        case .unreadable(let path, let error): return "config '\(path)': \(error)"
        case .invalid(let path, let error): return "config '\(path)': \(error)"
        }
    }

    /// The key path at fault, when the file was readable.
    public var keyPath: JSONPath? {
        if case .invalid(_, let error) = self { return error.path }
        return nil
    }
}
