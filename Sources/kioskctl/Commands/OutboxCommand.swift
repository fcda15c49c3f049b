import Foundation
import KioskService
import Storage
import StrictJSON

/// `kioskctl outbox list|retry`: the sales waiting for the backend and the dead letters it
/// refused, read from the daemon's own database (safe while the daemon runs: WAL readers never
/// block it; a retry writes in chunks of `Outbox.retryChunk` within the busy timeout).
enum OutboxCommand: KioskctlCommand {
    static let name = "outbox"
    static let summary = "list undelivered sales and dead letters; retry dead letters"
    static let help = """
        usage: kioskctl outbox [list] [--dead] [--limit N] [--json] [--state-dir DIR | --config FILE]
               kioskctl outbox retry (SALE_ID... | --all) [--json] [--state-dir DIR | --config FILE]

        list    Sales not yet acknowledged by the backend, oldest first: pending ones (with
                their attempts and last error) and dead letters (refused with a 4xx; the
                backend's status and response are shown). --dead lists dead letters only;
                --limit N shows at most N rows (default 100, 0 = all).
                Exit code 1 when there are dead letters, so monitoring can alert on it.
        retry   Puts dead letters back in the queue, in their original place, and rings the
                running daemon (outbox.doorbell in the state directory) so it sends them now.
                --all retries every dead letter, showing progress on a terminal.

        The database is <stateDirectory>/\(KioskStore.databaseFileName): --state-dir, else the
        stateDirectory of --config, else ./.state.
        """

    static func run(_ arguments: [String]) throws -> ExitCode {
        let args = try Arguments(arguments, flags: ["json", "dead", "all"], options: ["state-dir", "config", "limit"])
        let verb = args.positionals.first ?? "list"
        let ids = Array(args.positionals.dropFirst())
        switch verb {
        case "list":
            guard ids.isEmpty else { throw CommandFailure(.usage, "list takes no sale ids") }
            guard !args.has("all") else { throw CommandFailure(.usage, "--all is for retry") }
            let limit = try args.integer("limit", default: 100, min: 0)
            let store = try openStore(try resolveStateDirectory(args))
            return try list(store, dead: args.has("dead"), limit: limit, json: args.has("json"))
        case "retry":
            guard !args.has("dead"), args.value("limit") == nil else { throw CommandFailure(.usage, "--dead and --limit are for list") }
            guard ids.isEmpty == args.has("all") else { throw CommandFailure(.usage, "retry needs sale ids or --all (not both)") }
            let stateDirectory = try resolveStateDirectory(args)
            let store = try openStore(stateDirectory)
            return try retry(store, stateDirectory: stateDirectory, saleIds: args.has("all") ? nil : ids, json: args.has("json"))
        default:
            throw CommandFailure(.usage, "unknown action '\(verb)' (expected list or retry)")
        }
    }

    static func resolveStateDirectory(_ args: Arguments) throws -> String {
        if let directory = args.value("state-dir") { return directory }
        if let path = args.value("config") {
            do { return try KioskConfig.load(path: path).stateDirectory } catch { throw CommandFailure(.config, "\(error)") }
        }
        return KioskConfig.defaultStateDirectory
    }

    /// Opens the daemon's database without creating one.
    static func openStore(_ stateDirectory: String) throws -> KioskStore {
        let path = (stateDirectory as NSString).appendingPathComponent(KioskStore.databaseFileName)
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure(.problemsFound, "no database at \(path) (has kioskd run with this state directory? see --state-dir, --config)")
        }
        do { return try KioskStore(path: path) } catch { throw CommandFailure(.problemsFound, "\(error)") }
    }

    // MARK: list

    static func list(_ store: KioskStore, dead: Bool, limit: Int, json: Bool) throws -> ExitCode {
        let counts = try store.outbox.counts()
        var output = OutputBuffer()
        var shown = 0
        var after: Int64 = 0
        var first = true
        if json {
            output.append("{\"pending\": \(counts.pending), \"dead\": \(counts.dead), \"oldestPendingAt\": ")
            output.append(counts.oldestPendingAt.map { "\"\(timestamp($0))\"" } ?? "null")
            output.append(", \"entries\": [")
        } else {
            output.append("outbox: \(counts.pending) pending, \(counts.dead) dead letter(s)")
            output.append(counts.oldestPendingAt.map { ", oldest pending since \(timestamp($0))\n" } ?? "\n")
        }
        // Page through the outbox so 100,000 queued sales never sit in memory at once.
        while limit == 0 || shown < limit {
            let page = try store.outbox.entries(state: dead ? .dead : nil, afterSequence: after,
                                                limit: limit == 0 ? Outbox.maximumBatch : min(Outbox.maximumBatch, limit - shown))
            guard let last = page.last else { break }
            after = last.sequence
            for entry in page {
                if json {
                    output.append((first ? "\n  " : ",\n  ") + JSONWriter.string(entryJSON(entry)))
                } else {
                    if first { output.append("SEQ       SALE                              STATE    TRIES  ENQUEUED                  LAST ERROR\n") }
                    output.append(entryLine(entry))
                }
                first = false
                shown += 1
            }
        }
        if json {
            output.append(first ? "]}\n" : "\n]}\n")
        } else if first {
            output.append(dead ? "no dead letters\n" : "nothing waiting: every sale reached the backend\n")
        } else if shown < (dead ? counts.dead : counts.pending + counts.dead) {
            output.append("… \((dead ? counts.dead : counts.pending + counts.dead) - shown) more (--limit 0 shows all)\n")
        }
        output.flush()
        return counts.dead > 0 ? .problemsFound : .ok
    }

    static func entryLine(_ entry: OutboxEntry) -> String {
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text + " " : text.padding(toLength: width, withPad: " ", startingAt: 0)
        }
        var line = pad(String(entry.sequence), 10) + pad(entry.saleId, 34) + pad(entry.state.rawValue, 9)
            + pad(String(entry.attempts), 7) + pad(timestamp(entry.enqueuedAt), 26) + clip(entry.lastError ?? "-", 100) + "\n"
        if let dead = entry.deadLetter {
            let status = dead.httpStatus.map { "HTTP \($0)" } ?? "refused"
            line += "          ↳ \(status) at \(timestamp(dead.deadAt)): \(clip(String(decoding: dead.responseBody, as: UTF8.self), 200))\n"
        }
        return line
    }

    static func entryJSON(_ entry: OutboxEntry) -> JSONValue {
        var object = JSONObject([
            ("sequence", .number(String(entry.sequence))), ("saleId", .string(entry.saleId)), ("state", .string(entry.state.rawValue)),
            ("attempts", .number(String(entry.attempts))), ("enqueuedAt", .string(timestamp(entry.enqueuedAt))),
            ("nextAttemptAt", .string(timestamp(entry.nextAttemptAt))), ("lastError", entry.lastError.map(JSONValue.string) ?? .null),
        ])
        if let dead = entry.deadLetter {
            object["deadLetter"] = .object(JSONObject([
                ("httpStatus", dead.httpStatus.map { .number(String($0)) } ?? .null), ("reason", .string(dead.reason)),
                ("deadAt", .string(timestamp(dead.deadAt))), ("response", .string(String(decoding: dead.responseBody, as: UTF8.self))),
            ]))
        }
        return .object(object)
    }

    // MARK: retry

    static func retry(_ store: KioskStore, stateDirectory: String, saleIds: [String]?, json: Bool) throws -> ExitCode {
        let requeued: Int
        var missing: [String] = []
        if let saleIds {
            missing = try saleIds.filter { try store.outbox.entry(saleId: $0)?.state != .dead }
            requeued = try store.outbox.retryDeadLetters(saleIds: saleIds)
        } else {
            let progress = ProgressReporter(total: try store.outbox.counts().dead, label: "requeued")
            requeued = try store.outbox.retryAllDeadLetters { done, _ in progress.advance(to: done) }
            progress.finish()
        }
        let rang = requeued > 0 && OutboxDoorbell.ring(stateDirectory: stateDirectory)
        if json {
            print(JSONWriter.string(.object(JSONObject([
                ("requeued", .number(String(requeued))), ("notDeadLetters", .array(missing.map(JSONValue.string))),
                ("daemonNotified", .bool(rang)),
            ])), indent: 2))
        } else {
            print("requeued \(requeued) dead letter(s)" + (requeued == 0 ? "" : rang
                ? "; the daemon was notified and sends them now"
                : "; no daemon is listening: they are sent when kioskd runs"))
            if !missing.isEmpty { print("not dead letters (unknown, pending or delivered): \(missing.joined(separator: ", "))") }
        }
        return missing.isEmpty ? .ok : .problemsFound
    }

    // MARK: formatting

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func clip(_ text: String, _ width: Int) -> String {
        let flat = text.unicodeScalars.map { $0.value < 0x20 ? " " : String($0) }.joined()
        return flat.count > width ? String(flat.prefix(width)) + "…" : flat
    }
}
