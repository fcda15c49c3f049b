import Foundation
import LinuxIO
import Loyalty
import Receipt

/// The seed footer ("Loyalty Program / Cumulative points: 487 (+12) / Available reward: -5 €
/// (reached at 500 pts) / Current tier: Silver"), English, Epson 80 mm, CP858.
///
/// Two units of work are timed:
/// - encode: the footer's text lines → the job's bytes (`FooterBlock` layout, word wrap at 42
///   columns, code page encoding, ESC/POS commands in `EscPosJobEncoder`) — what the budget
///   and the python-escpos peer (which also starts from the text) are about;
/// - build + encode: the engine's `FooterData` → bytes, adding the label filling of
///   `LoyaltyFooter` — everything the daemon does between a quote and the print queue.
enum FooterBench {
    /// The printer the budget is stated for (80 mm, 42 columns, CP858 as Epson table 19).
    static let profile = PrinterProfile.epson80mm

    /// The seed's sale: a Silver customer (975 lifetime points, 475 to spend) buys 12,40 €.
    static func seedFooterData() throws -> FooterData {
        let account = LoyaltyAccount(id: "C-1", balance: 475, lifetimePoints: 975, language: .en)
        let basket = Basket(saleId: "S-1", lines: [BasketLine(sku: "LUNCH", quantity: 1, unitPrice: 1240, vatRate: 12)])
        let context = SaleContext(
            now: Date(timeIntervalSince1970: 1_778_580_000), timeZone: TimeZone(identifier: "Europe/Brussels")!,
            identityConfirmed: true)
        let outcome = try LoyaltyEngine(program: .standard).quote(basket: basket, account: account, context: context)
        guard let footer = outcome.footer else { throw BenchFailure("the seed sale produced no footer") }
        return footer
    }

    /// Text lines → ESC/POS job bytes.
    @inline(never)
    static func encode(_ lines: [String]) -> [UInt8] {
        EscPosJobEncoder(profile: profile).encode(FooterBlock.elements(lines))
    }

    /// `FooterData` → ESC/POS job bytes.
    @inline(never)
    static func buildAndEncode(_ data: FooterData) -> [UInt8] {
        encode(LoyaltyFooter(data).texts)
    }

    struct Result {
        let bytes: [UInt8]
        let samples: LatencySamples
        /// Mean CPU time of one run of the work (thread CPU clock over the whole loop).
        let cpuMicroseconds: Double
    }

    /// Runs `work` `iterations` times after a warm-up and times each run.
    static func time(iterations: Int = 20_000, _ work: () -> [UInt8]) -> Result {
        var bytes = work()
        for _ in 0..<2_000 { bytes = work() }
        var samples = LatencySamples(capacity: iterations)
        let cpuStart = CPUTime.thread()
        for _ in 0..<iterations {
            let start = monotonicNanoseconds()
            bytes = work()
            samples.append(monotonicNanoseconds() - start)
        }
        let cpu = Double(CPUTime.thread() - cpuStart) / Double(iterations) / 1_000
        return Result(bytes: bytes, samples: samples, cpuMicroseconds: cpu)
    }

    /// Adds the footer figures to `report`.
    static func measure(peers: PeerTools) throws -> BenchReport {
        var report = BenchReport()
        let data = try seedFooterData()
        let lines = LoyaltyFooter(data).texts
        let encoded = time { encode(lines) }
        let built = time { buildAndEncode(data) }
        guard encoded.bytes == built.bytes else { throw BenchFailure("the two footer paths produced different bytes") }
        report.add(Figure(name: "footer encode p50", value: encoded.samples.microseconds(50), unit: "µs", bound: .atMost(20),
                          note: "text lines → ESC/POS bytes, EN, 42 col, CP858"))
        report.add(Figure(name: "footer encode p99", value: encoded.samples.microseconds(99), unit: "µs", bound: .none,
                          note: "wall clock: preemption on a loaded machine lands here"))
        report.add(Figure(name: "footer encode CPU time (mean)", value: encoded.cpuMicroseconds, unit: "µs", bound: .none,
                          note: "thread CPU clock: the work without other processes' share"))
        report.add(Figure(name: "footer build + encode p50", value: built.samples.microseconds(50), unit: "µs", bound: .none,
                          note: "FooterData → bytes, with LoyaltyFooter's label filling"))
        report.add(Figure(name: "footer bytes on the wire", value: Double(encoded.bytes.count), unit: "bytes", bound: .atMost(400),
                          note: "whole job: ESC @ … cut"))
        guard let python = peers.python else {
            report.skip("python-escpos footer", because: peers.pythonMissingReason)
            return report
        }
        let peer = try PythonEscPosPeer.run(python: python, script: peers.escposScript, lines: lines, columns: profile.columns)
        report.add(Figure(name: "python-escpos footer encode p50", value: peer.p50Microseconds, unit: "µs", bound: .none,
                          note: "same lines, Dummy printer (TM-T88V profile), CP858"))
        report.add(Figure(name: "python-escpos footer bytes", value: Double(peer.bytes), unit: "bytes", bound: .none))
        report.add(Figure(name: "footer encode ratio python-escpos/kioskd", value: peer.p50Microseconds / max(encoded.samples.microseconds(50), 0.001),
                          unit: "×", bound: .none, note: "p50 vs p50; > 1: kioskd is faster"))
        report.add(Figure(name: "footer bytes ratio python-escpos/kioskd", value: Double(peer.bytes) / Double(encoded.bytes.count),
                          unit: "×", bound: .none))
        return report
    }
}
