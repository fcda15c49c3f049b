/// A set of latency samples in nanoseconds with exact percentiles (nearest-rank).
struct LatencySamples {
    private(set) var nanoseconds: [UInt64] = []

    init(capacity: Int = 0) { nanoseconds.reserveCapacity(capacity) }

    mutating func append(_ value: UInt64) { nanoseconds.append(value) }

    var count: Int { nanoseconds.count }

    /// The p-th percentile (0–100) by nearest rank, in nanoseconds; 0 when empty.
    func percentile(_ p: Double) -> UInt64 {
        guard !nanoseconds.isEmpty else { return 0 }
        let sorted = nanoseconds.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank - 1, 0), sorted.count - 1)]
    }

    /// Percentile in milliseconds, for reports.
    func milliseconds(_ p: Double) -> Double { Double(percentile(p)) / 1_000_000 }

    /// Percentile in microseconds, for reports.
    func microseconds(_ p: Double) -> Double { Double(percentile(p)) / 1_000 }
}
