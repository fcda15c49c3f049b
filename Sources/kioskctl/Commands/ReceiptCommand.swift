import Foundation
import KioskService
import Loyalty
import Receipt
import StrictJSON

/// `kioskctl receipt preview`: the loyalty footer as the printer would print it, as text.
enum ReceiptCommand: KioskctlCommand {
    static let name = "receipt"
    static let summary = "preview the loyalty footer a sale would print"
    static let help = """
        usage: kioskctl receipt preview [--language fr|nl|en] [--columns N] [--config FILE]
                                        [--program FILE --basket FILE [--account FILE] [--now T]]
                                        [--framed] [--json]

        Renders the receipt's loyalty footer exactly as the configured printer would print it
        (its profile's columns and code page; default 42 columns, CP858): the footer is encoded
        to ESC/POS and the bytes are read back by the receipt previewer, so a letter the code
        page cannot print shows as it would on paper.

        Without --basket: the product documents' example (a Silver customer, 487 (+12) points,
        -5 € at 500 points). With --basket, --program and --account as for `kioskctl quote`.

        --language L   the footer's language (default: the customer's, else the store's)
        --columns N    the paper width in characters (32, 42, 48, …)
        --framed       draw the paper's edges
        --json         {"language", "columns", "footer": [logical lines], "lines": [printed lines], "bytes"}

        Exit status: 0, 2 usage, 78 a file or the configuration does not load.
        """

    static func run(_ arguments: [String]) throws -> ExitCode {
        guard arguments.first == "preview" else {
            throw CommandFailure(.usage, "expected 'preview', got \(arguments.first.map { "'\($0)'" } ?? "nothing")")
        }
        let args = try Arguments(
            Array(arguments.dropFirst()), flags: ["json", "framed"],
            options: ["language", "columns", "config", "program", "basket", "account", "now"])
        guard args.positionals.isEmpty else { throw CommandFailure(.usage, "unexpected argument '\(args.positionals[0])'") }
        let language = try args.value("language").map { text in
            guard let language = Language(rawValue: text) else { throw CommandFailure(.usage, "--language: expected fr, nl or en, got \"\(text)\"") }
            return language
        }
        let configuration = DiagnosticConfiguration.load(explicitPath: args.value("config"))
        if let problem = configuration.problem { throw CommandFailure(.config, "\(problem)") }
        var profile = configuration.printer?.profile ?? .epson80mm
        profile.columns = try args.integer("columns", default: profile.columns, min: PrinterProfile.columnRange.lowerBound, max: PrinterProfile.columnRange.upperBound)
        let config = configuration.config
        let program = try args.value("program").map(QuoteCommand.loadProgram) ?? config.loyalty ?? .standard
        let outcome: SaleOutcome
        if let basketPath = args.value("basket") {
            let basket = try QuoteCommand.load(basketPath, at: JSONPath("basket"), Basket.decode)
            let account = try args.value("account").map { try QuoteCommand.load($0, at: JSONPath("account"), LoyaltyAccount.decode) }
            let now = try args.value("now").map { text in
                guard let date = InstantText.parse(text) else {
                    throw CommandFailure(.usage, "--now: expected an ISO 8601 instant with a zone (2026-03-28T23:58:00+01:00), got \"\(text)\"")
                }
                return date
            } ?? Date()
            let context = SaleContext(now: now, timeZone: config.timeZone, identityConfirmed: true, storeLanguage: config.language)
            do {
                outcome = try LoyaltyEngine(program: program).quote(basket: basket, account: account, context: context)
            } catch {
                throw CommandFailure(.config, "\(error)")
            }
        } else {
            guard args.value("account") == nil, args.value("now") == nil else {
                throw CommandFailure(.usage, "--account and --now need --basket")
            }
            do {
                outcome = try ReceiptSample.outcome(language: nil, program: program, storeLanguage: config.language)
            } catch {
                throw CommandFailure(.config, "the program cannot quote the example sale: \(error)")
            }
        }
        guard let data = outcome.footer else {
            throw CommandFailure(.problemsFound, "this sale prints no loyalty footer (\(outcome.eligibility): nobody identified)")
        }
        let footer = LoyaltyFooter(data, labels: FooterLabels(overrides: program.labels), language: language)
        let bytes = EscPosJobEncoder(profile: profile).encode(FooterBlock.elements(footer.texts))
        let preview = ReceiptPreview(profile: profile)
        if args.has("json") {
            var lines = preview.lines(bytes).filter { $0.kind == .text }.map(\.text)
            while lines.last?.isEmpty == true { lines.removeLast() }  // the feed before the cut
            print(JSONWriter.string(.object(JSONObject([
                (key: "language", value: .string(footer.language.rawValue)), (key: "columns", value: .number(String(profile.columns))),
                (key: "footer", value: .array(footer.texts.map(JSONValue.string))),
                (key: "lines", value: .array(lines.map(JSONValue.string))), (key: "bytes", value: .number(String(bytes.count))),
            ])), indent: 2))
        } else {
            var text = preview.render(bytes, framed: args.has("framed"))
            if !args.has("framed") {
                // The feed and cut after the footer are the printer's business, not the footer's.
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                while let last = lines.last, last.isEmpty || last.hasPrefix("✂") { lines.removeLast() }
                text = lines.joined(separator: "\n") + "\n"
            }
            print(text, terminator: "")
        }
        return .ok
    }
}
