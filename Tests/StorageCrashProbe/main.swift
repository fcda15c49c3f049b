// storage-crash-probe: uses Storage and Relay exactly as the daemon does, for the crash test
// (SIGKILL at random points during closes and drains) and for measuring close and drain rates.
//
//   storage-crash-probe run    --state DIR --backend URL --token-file F --sales N [--kill-after-answers K]
//   storage-crash-probe verify --state DIR --sales N
//   storage-crash-probe bench  --state DIR --closes N [--backend URL --token-file F]
//
// `run` closes sales crash-0…crash-(N-1) (a re-run re-closes them: idempotent), drains the
// outbox concurrently and exits 0 printing "DONE" once every sale was acknowledged. With
// --kill-after-answers K it SIGKILLs itself right after the K-th backend answer, before the
// outcome is committed: the window where a sale is recorded by the backend but not marked
// delivered here. `verify` checks the ledger and vouchers against the sales' generator.
import Foundation
import Relay
import Storage
#if canImport(Glibc)
import Glibc
#endif


struct Options {
    var values: [String: String] = [:]
    init(_ arguments: ArraySlice<String>) {
        var iterator = arguments.makeIterator()
        while let word = iterator.next() {
            if word.hasPrefix("--") { values[String(word.dropFirst(2))] = iterator.next() ?? "" }
        }
    }
    func require(_ name: String) -> String {
        guard let value = values[name] else { fail("missing --\(name)") }
        return value
    }
    func int(_ name: String, _ fallback: Int? = nil) -> Int {
        guard let text = values[name] ?? fallback.map(String.init), let value = Int(text) else { fail("--\(name) needs an integer") }
        return value
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("storage-crash-probe: \(message)\n".utf8))
    exit(2)
}

/// The deterministic sale number `i`: same bytes on every run, so a re-close is a replay.
func sale(_ i: Int) -> SaleRecord {
    let id = "crash-\(i)"
    let account = "acct-\(i % 5)"
    let points = Int64(i % 17 + 1)
    var ledger = [LedgerEntryRecord(accountId: account, kind: .points, reason: "earn", amount: points)]
    var vouchers: [VoucherRecord] = []
    let closedAt = Date(timeIntervalSince1970: 1_709_287_200 + Double(i) * 60)
    if i % 7 == 6 {
        let code = String(format: "555%09d", i) + "0"
        vouchers.append(VoucherRecord(code: code, accountId: account, valueCents: 500, createdAt: closedAt,
                                      activeFrom: closedAt.addingTimeInterval(86_400)))
        ledger.append(LedgerEntryRecord(accountId: account, kind: .points, reason: "redeem-reward", amount: -5, reference: code))
        ledger.append(LedgerEntryRecord(accountId: account, kind: .voucher, reason: "voucher-created", amount: 500, reference: code))
    }
    let ledgerJSON = ledger.map { #"{"kind":"\#($0.kind.rawValue)","reason":"\#($0.reason)","amount":\#($0.amount)}"# }.joined(separator: ",")
    let vouchersJSON = vouchers.map { #"{"code":"\#($0.code)","accountId":"\#(account)","valueCents":500}"# }.joined(separator: ",")
    let payload = #"{"saleId":"\#(id)","kioskId":"kiosk-crash","storeId":"store-A","closedAt":"\#(ISO8601DateFormatter().string(from: closedAt))","currency":"EUR","totalCents":\#(1_000 + i),"accountId":"\#(account)","credential":"badge:0000\#(i % 5)","confirmed":true,"lines":[{"sku":"COFFEE","quantity":1,"totalCents":\#(1_000 + i)}],"ledger":[\#(ledgerJSON)],"vouchersCreated":[\#(vouchersJSON)],"vouchersRedeemed":[]}"#
    return SaleRecord(
        saleId: id, kioskId: "kiosk-crash", storeId: "store-A", closedAt: closedAt, accountId: account,
        totalCents: Int64(1_000 + i), payload: Array(payload.utf8), answer: Array(#"{"saleId":"\#(id)","state":"closed"}"#.utf8),
        ledger: ledger, vouchersCreated: vouchers,
        printJobs: [PrintJobRequest(kind: .footer, bytes: [0x1B, 0x40] + Array("Loyalty Program\nCumulative points: \(points)\n".utf8))])
}

/// Per-account balances the ledger must hold once sales 0..<count are committed.
func expectedBalances(_ count: Int) -> [String: LedgerBalances] {
    var result: [String: LedgerBalances] = [:]
    for i in 0..<count {
        for entry in sale(i).ledger { result[entry.accountId, default: LedgerBalances()][entry.kind] += entry.amount }
    }
    return result
}

func openStore(_ options: Options) -> KioskStore {
    do { return try KioskStore(stateDirectory: options.require("state")) } catch { fail("\(error)") }
}

func client(_ options: Options, concurrency: Int = 4, batchSize: Int = 20) -> BackendClient {
    guard let url = URL(string: options.require("backend")) else { fail("bad --backend") }
    let configuration = BackendConfiguration(
        url: url, tokenFile: options.require("token-file"), requestTimeoutMilliseconds: 2_000, batchSize: batchSize,
        concurrency: concurrency, retry: RetrySchedule(initialMilliseconds: 20, multiplier: 2, maximumMilliseconds: 500, jitter: 0.2))
    do {
        return BackendClient(configuration: configuration, token: try BackendToken(tokenFile: configuration.tokenFile, environment: [:]))
    } catch { fail("\(error)") }
}

/// Resident set size in KiB, from /proc/self/status (VmRSS).
func residentKilobytes() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else { fail("usage: storage-crash-probe run|verify|bench --state DIR …") }
let options = Options(arguments.dropFirst(2))

switch arguments[1] {
case "run":
    let store = openStore(options)
    let count = options.int("sales")
    let killAfter = options.values["kill-after-answers"].flatMap(Int.init)
    let answers = Counter()
    let drainer = OutboxDrainer(store: store, client: client(options), events: { event in
        if case .answerReceived = event, let killAfter, answers.increment() >= killAfter {
            kill(getpid(), SIGKILL)  // after the backend's answer, before the outcome is committed
        }
    })
    let draining = Task { await drainer.run() }
    for i in 0..<count {
        do { _ = try store.commitClosedSale(sale(i)) } catch { fail("close \(i): \(error)") }
    }
    while (try? store.outbox.counts().pending) != 0 { try? await Task.sleep(for: .milliseconds(10)) }
    draining.cancel()
    print("DONE")
    exit(0)

case "verify":
    let store = openStore(options)
    let count = options.int("sales")
    var problems: [String] = []
    do {
        if try store.saleCount() != count { problems.append("\(try store.saleCount()) sales stored, expected \(count)") }
        let balances = try store.allBalances()
        let expected = expectedBalances(count)
        if balances != expected { problems.append("ledger \(balances) differs from expected \(expected)") }
        for i in 0..<count {
            guard let stored = try store.sale(id: "crash-\(i)") else { problems.append("crash-\(i) missing"); continue }
            if stored.payload != sale(i).payload || stored.ledger != sale(i).ledger { problems.append("crash-\(i) differs from its close") }
            if try store.deliveredAt(saleId: "crash-\(i)") == nil { problems.append("crash-\(i) not marked delivered") }
            if try store.printQueue.jobs(saleId: "crash-\(i)").count != 1 { problems.append("crash-\(i) print jobs != 1") }
        }
        let counts = try store.outbox.counts()
        if counts.pending != 0 || counts.dead != 0 { problems.append("outbox not empty: \(counts)") }
        let integrity = try store.integrityCheck()
        if integrity != ["ok"] { problems.append("integrity_check: \(integrity)") }
    } catch { problems.append("\(error)") }
    print(problems.isEmpty ? "LEDGER OK" : problems.joined(separator: "\n"))
    exit(problems.isEmpty ? 0 : 1)

case "bench":
    let store = openStore(options)
    let count = options.int("closes", 2_000)
    var latencies: [Double] = []
    latencies.reserveCapacity(count)
    let start = ContinuousClock.now
    for i in 0..<count {
        var record = sale(i)
        record.saleId = "bench-\(i)-\(UUID().uuidString.prefix(8))"
        let before = ContinuousClock.now
        do { _ = try store.commitClosedSale(record) } catch { fail("\(error)") }
        let elapsed = ContinuousClock.now - before
        latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
    }
    let total = ContinuousClock.now - start
    let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
    latencies.sort()
    print(String(format: "closes: %d in %.2f s = %.0f/s; commit p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                 count, seconds, Double(count) / seconds, percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.last ?? 0))
    if options.values["backend"] != nil {
        let drainer = OutboxDrainer(store: store, client: client(options, concurrency: options.int("concurrency", 8), batchSize: options.int("batch", 100)))
        let rssBefore = residentKilobytes()
        let drainStart = ContinuousClock.now
        let pendingAtStart = (try? store.outbox.counts().pending) ?? 0
        let draining = Task { await drainer.run() }
        while (try? store.outbox.counts().pending) != 0 { try? await Task.sleep(for: .milliseconds(20)) }
        let drained = ContinuousClock.now - drainStart
        draining.cancel()
        let drainSeconds = Double(drained.components.seconds) + Double(drained.components.attoseconds) / 1e18
        print(String(format: "drain: %d sales in %.2f s = %.0f/s; RSS %d KiB before, %d KiB after", pendingAtStart, drainSeconds,
                     Double(pendingAtStart) / drainSeconds, rssBefore, residentKilobytes()))
    }
    exit(0)

default:
    fail("unknown command \(arguments[1])")
}

/// A thread-safe counter for the event callback.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int { lock.withLock { value += 1; return value } }
}
