import Foundation
import KioskService
import Loyalty
import Receipt
import StrictJSON

/// `kioskctl quote`: runs the loyalty engine on files, without the daemon, and prints what a
/// basket earns, the account after the sale, the vouchers created and the footer lines.
enum QuoteCommand: KioskctlCommand {
    static let name = "quote"
    static let summary = "compute what a basket earns under a loyalty program"
    static let help = """
        usage: kioskctl quote --basket FILE [--program FILE] [--account FILE] [--now ISO8601]
                              [--time-zone ID] [--language fr|nl|en] [--unconfirmed]
                              [--voucher-serial N] [--json]

        --program FILE      the loyalty program: a kioskd.json (its "loyalty" section is used) or
                            the "loyalty" object alone. Default: the embedded default program.
        --basket FILE       the basket: {"lines": [{"sku", "quantity", "unitPriceCents", ...}],
                            "redeem": {"rewards", "vouchers", "cashbackCents"}}
        --account FILE      the customer's account; without it the sale is anonymous.
        --now T             the instant of the sale, e.g. 2026-03-28T23:58:00+01:00. Default: now.
        --time-zone ID      the store's time zone (default Europe/Brussels).
        --language L        the store's default receipt language (default fr).
        --unconfirmed       the customer did not confirm with a second scan: no loyalty.
        --voucher-serial N  the serial of the first voucher created (default 1).
        --json              print {"outcome": ..., "footer": {"language", "lines"}}.

        Shapes are documented in docs/loyalty.md. A file that cannot be read or decoded ends
        with exit 78 and the key path of the fault (loyalty.tiers[1].threshold: ...).
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let args = try Arguments(
            words, flags: ["json", "unconfirmed"],
            options: ["program", "basket", "account", "now", "time-zone", "language", "voucher-serial"]
        )
        guard args.positionals.isEmpty else { throw CommandFailure(.usage, "unexpected argument '\(args.positionals[0])'") }
        guard let basketPath = args.value("basket") else { throw CommandFailure(.usage, "--basket FILE is required") }

        let program = try args.value("program").map(loadProgram) ?? .standard
        let basket = try load(basketPath, at: JSONPath("basket"), Basket.decode)
        let account = try args.value("account").map { try load($0, at: JSONPath("account"), LoyaltyAccount.decode) }
        let now = try args.value("now").map { text in
            guard let date = InstantText.parse(text) else {
                throw CommandFailure(.usage, "--now: expected an ISO 8601 instant with a zone (2026-03-28T23:58:00+01:00), got \"\(text)\"")
            }
            return date
        } ?? Date()
        let zoneName = args.value("time-zone") ?? "Europe/Brussels"
        guard let timeZone = TimeZone(identifier: zoneName) else { throw CommandFailure(.usage, "--time-zone: unknown time zone \"\(zoneName)\"") }
        let languageName = args.value("language") ?? "fr"
        guard let language = Language(rawValue: languageName) else { throw CommandFailure(.usage, "--language: expected fr, nl or en, got \"\(languageName)\"") }
        let serial = try args.integer("voucher-serial", default: 1, min: 0)

        let context = SaleContext(
            now: now, timeZone: timeZone, identityConfirmed: !args.has("unconfirmed"),
            voucherSerials: VoucherSerialCounter(next: UInt64(serial)), storeLanguage: language
        )
        let outcome: SaleOutcome
        do {
            outcome = try LoyaltyEngine(program: program).quote(basket: basket, account: account, context: context)
        } catch {
            throw CommandFailure(.config, "\(error)")
        }
        let footer = outcome.footer.map { LoyaltyFooter($0, labels: FooterLabels(overrides: program.labels)) }
        if args.has("json") {
            print(JSONWriter.string(json(outcome, footer), indent: 2))
        } else {
            print(QuoteReport(outcome: outcome, footer: footer).text, terminator: "")
        }
        return .ok
    }

    /// The program from a kioskd.json (its `loyalty` member) or from a bare `loyalty` object.
    static func loadProgram(_ path: String) throws -> LoyaltyProgram {
        let root = try parse(path, at: JSONPath("loyalty"))
        if case .object(let object) = root.value, object["mode"] == nil, let section = object["loyalty"] {
            return try decode(path) { try LoyaltyProgram.decode(JSONCursor(section, path: JSONPath("loyalty"))) }
        }
        return try decode(path) { try LoyaltyProgram.decode(root) }
    }

    static func load<T>(_ path: String, at root: JSONPath, _ decoder: (JSONCursor) throws -> T) throws -> T {
        let cursor = try parse(path, at: root)
        return try decode(path) { try decoder(cursor) }
    }

    static func parse(_ path: String, at root: JSONPath) throws -> JSONCursor {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(.config, "'\(path)': cannot read the file")
        }
        return try decode(path) { try JSONCursor.parse(Array(data), path: root) }
    }

    static func decode<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as JSONDecodeError {
            throw CommandFailure(.config, "'\(path)': \(error)")
        }
    }

    static func json(_ outcome: SaleOutcome, _ footer: LoyaltyFooter?) -> JSONValue {
        let footerJSON: JSONValue = footer.map { footer in
            .object(JSONObject([
                (key: "language", value: .string(footer.language.rawValue)),
                (key: "lines", value: .array(footer.texts.map(JSONValue.string))),
            ]))
        } ?? .null
        return .object(JSONObject([(key: "outcome", value: outcome.json), (key: "footer", value: footerJSON)]))
    }
}
