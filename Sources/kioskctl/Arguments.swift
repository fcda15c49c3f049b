import KioskService

/// A parsed command line: flags (`--json`), options (`--count 10`) and positional words.
///
/// Parsing is strict: an option the command did not declare, or one missing its value,
/// is a usage error (exit 2) naming the option.
struct Arguments {
    private(set) var flags: Set<String> = []
    private(set) var options: [String: String] = [:]
    private(set) var positionals: [String] = []

    /// Parses `arguments` given the flag and option names (without `--`) the command accepts.
    /// - Throws: `CommandFailure(.usage, …)` for an unknown option or a missing value.
    init(_ arguments: [String], flags allowedFlags: Set<String> = ["json"], options allowedOptions: Set<String> = []) throws {
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            guard word.hasPrefix("--"), word.count > 2 else {
                positionals.append(word)
                continue
            }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if allowedFlags.contains(name), inlineValue == nil {
                flags.insert(name)
            } else if allowedOptions.contains(name) {
                if let inlineValue {
                    options[name] = inlineValue
                } else {
                    guard index < arguments.count else { throw CommandFailure(.usage, "option --\(name) needs a value") }
                    options[name] = arguments[index]
                    index += 1
                }
            } else {
                throw CommandFailure(.usage, "unknown option --\(name)")
            }
        }
    }

    /// Whether `--name` was given.
    func has(_ name: String) -> Bool { flags.contains(name) }

    /// The value of `--name`, if given.
    func value(_ name: String) -> String? { options[name] }

    /// The value of `--name` as an integer within bounds.
    /// - Throws: `CommandFailure(.usage, …)` when it is not an integer in range.
    func integer(_ name: String, default fallback: Int, min: Int = Int.min, max: Int = Int.max) throws -> Int {
        guard let text = options[name] else { return fallback }
        guard let value = Int(text), value >= min, value <= max else {
            throw CommandFailure(.usage, "--\(name): expected an integer between \(min) and \(max), got \"\(text)\"")
        }
        return value
    }
}
