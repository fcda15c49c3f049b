import Foundation
import Identity
import KioskService
import StrictJSON

/// `kioskctl card generate|check`: prints loyalty-card EAN-13 codes or checks a code.
enum CardCommand: KioskctlCommand {
    static let name = "card"
    static let summary = "generate loyalty card codes or check one"
    static let help = """
        usage: kioskctl card generate --count N [--start S] [--prefix P] [--json]
               kioskctl card check CODE [--loyalty-prefix P] [--voucher-prefix P] [--json]

        generate  prints N loyalty-card EAN-13 codes: prefix (default 299) + serial from S
                  (default 1) zero-padded to twelve digits + the check digit. Progress goes
                  to stderr when stdout is a terminal.
        check     says whether CODE is a valid EAN-13 and what it is on this kiosk: a loyalty
                  card (prefix 299), a voucher (prefix 555) or another product code.
                  Exit 1 when the code is invalid.
        """

    /// The most codes one invocation prints; a typo such as `--count 1e9` stops here.
    static let maximumCount = 10_000_000

    static func run(_ arguments: [String]) throws -> ExitCode {
        guard let verb = arguments.first else { throw CommandFailure(.usage, "expected 'generate' or 'check'") }
        let rest = Array(arguments.dropFirst())
        switch verb {
        case "generate": return try generate(rest)
        case "check": return try check(rest)
        default: throw CommandFailure(.usage, "unknown verb '\(verb)', expected 'generate' or 'check'")
        }
    }

    private static func generate(_ words: [String]) throws -> ExitCode {
        let args = try Arguments(words, options: ["count", "start", "prefix"])
        guard args.positionals.isEmpty else { throw CommandFailure(.usage, "unexpected argument '\(args.positionals[0])'") }
        let count = try args.integer("count", default: 1, min: 1, max: maximumCount)
        let start = try args.integer("start", default: 1, min: 0)
        let prefix = args.value("prefix") ?? "299"
        guard (2...4).contains(prefix.count), prefix.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw CommandFailure(.usage, "--prefix: expected 2 to 4 digits, got \"\(prefix)\"")
        }
        let capacity = Int(pow(10, Double(12 - prefix.count)))
        guard start + count <= capacity else {
            throw CommandFailure(.usage, "--start \(start) + --count \(count) does not fit in \(12 - prefix.count) serial digits")
        }
        let progress = ProgressReporter(total: count, label: "cards")
        var out = OutputBuffer()
        if args.has("json") { out.append("[") }
        for offset in 0..<count {
            guard let code = EAN13(prefix: prefix, serial: UInt64(start + offset)) else {
                throw CommandFailure(.usage, "serial \(start + offset) does not fit after prefix \(prefix)")
            }
            if args.has("json") {
                out.append(offset == 0 ? "\"\(code.digits)\"" : ",\"\(code.digits)\"")
            } else {
                out.append(code.digits + "\n")
            }
            progress.advance(to: offset + 1)
        }
        if args.has("json") { out.append("]\n") }
        out.flush()
        progress.finish()
        return .ok
    }

    private static func check(_ words: [String]) throws -> ExitCode {
        let args = try Arguments(words, options: ["loyalty-prefix", "voucher-prefix"])
        guard args.positionals.count == 1 else { throw CommandFailure(.usage, "expected exactly one CODE") }
        let text = args.positionals[0]
        let loyaltyPrefix = args.value("loyalty-prefix") ?? "299"
        let voucherPrefix = args.value("voucher-prefix") ?? "555"
        let kind: String
        var problem: String?
        do {
            let code = try EAN13(validating: text)
            if code.hasPrefix(loyaltyPrefix) {
                kind = "loyalty-card"
            } else if code.hasPrefix(voucherPrefix) {
                kind = "voucher"
            } else {
                kind = "other"
            }
        } catch {
            kind = "invalid"
            problem = error.description
        }
        if args.has("json") {
            var object: JSONValue = ["code": .string(text), "valid": .bool(problem == nil), "kind": .string(kind)]
            if let problem, case .object(var o) = object { o["problem"] = .string(problem); object = .object(o) }
            print(JSONWriter.string(object))
        } else if let problem {
            print("\(text): invalid EAN-13 (\(problem))")
        } else {
            let described = ["loyalty-card": "a loyalty card (prefix \(loyaltyPrefix))",
                             "voucher": "a loyalty voucher (prefix \(voucherPrefix))",
                             "other": "a valid EAN-13 that is neither a loyalty card nor a voucher here"][kind]!
            print("\(text): \(described)")
        }
        return problem == nil ? .ok : .problemsFound
    }
}
