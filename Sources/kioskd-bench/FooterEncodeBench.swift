import Glibc
import Loyalty
import Receipt

/// The seed footer (balance 487, +12, a -5 € reward at 500 points, Silver): bytes on the wire
/// for the longest language at each width, and the time to lay it out and encode it (from
/// logical lines to the job's bytes, `ESC @` to the cut).
func measureFooterEncoding(into report: inout BenchReport) {
    func lines(_ language: Language) -> [String] {
        var data = FooterData(language: language, mode: .points)
        data.balance = 487
        data.pointsDelta = 12
        data.availableReward = Reward(id: "five-euros", kind: .amountOff(500), cost: 500)
        data.tier = Tier(id: "silver", name: LocalizedText(fr: "Argent", nl: "Zilver", en: "Silver"), threshold: 500)
        return LoyaltyFooter(data).texts
    }
    var largest = 0
    for language in Language.allCases {
        for columns in [32, 42, 48] {
            let profile = PrinterProfile(columns: columns, codePage: .cp858, codePageTable: 19)
            largest = max(largest, EscPosJobEncoder(profile: profile).encode(FooterBlock.elements(lines(language))).count)
        }
    }
    report.add(Figure(name: "seed footer on the wire (largest)", value: Double(largest), unit: "bytes", bound: .atMost(400),
                      note: "EN/FR/NL at 32/42/48 columns, whole job"))

    let french = lines(.fr)
    let encoder = EscPosJobEncoder(profile: PrinterProfile(columns: 42, codePage: .cp858, codePageTable: 19))
    var sink = 0
    for _ in 0..<2_000 { sink &+= encoder.encode(FooterBlock.elements(french)).count }
    // Timed in batches of 20 on the thread's CPU clock, so that a loaded machine's preemption
    // (other builds, other tests) does not count as encoding time.
    let batch = 20
    var samples = LatencySamples(capacity: 2_000)
    for _ in 0..<2_000 {
        let start = threadCPUNanoseconds()
        for _ in 0..<batch { sink &+= encoder.encode(FooterBlock.elements(french)).count }
        samples.append((threadCPUNanoseconds() - start) / UInt64(batch))
    }
    report.add(Figure(name: "footer encode p99", value: samples.microseconds(99), unit: "µs", bound: .atMost(20),
                      note: "p50 \(Figure.format(samples.microseconds(50))) µs CPU, FR at 42 columns, lines → bytes"))
    precondition(sink > 0, "the encoder produced bytes")
}

private func threadCPUNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
