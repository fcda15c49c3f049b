import Foundation
import Testing
@testable import KioskService

/// `ISO8601Timestamp` writes exactly what `ISO8601DateFormatter` (internet date-time with
/// fractional seconds) writes, without building a formatter per call.
@Suite("ISO8601Timestamp")
struct ISO8601TimestampTests {
    /// Foundation's formatter, made per test (it is not Sendable).
    static func reference() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }

    @Test("named instants", arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1_741_000_000.123, "2025-03-03T11:06:40.123Z"),
        (951_782_400.0, "2000-02-29T00:00:00.000Z"),
        (-0.0005, "1970-01-01T00:00:00.000Z"),
        (-1.5, "1969-12-31T23:59:58.500Z"),
        (253_402_300_799.999, "9999-12-31T23:59:59.999Z"),
        (-12_219_292_800.0, "1582-10-15T00:00:00.000Z"),
    ])
    func named(seconds: Double, expected: String) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(ISO8601Timestamp.string(date) == expected, "\(seconds) s after the epoch")
        #expect(Self.reference().string(from: date) == expected, "the Foundation formatter agrees on \(seconds)")
    }

    @Test("agrees with ISO8601DateFormatter on 20,000 spread instants, half milliseconds included")
    func agreesWithFoundation() {
        let reference = Self.reference()
        var mismatches: [String] = []
        for index in 0..<20_000 {
            let seconds = Double(index) * 98_765.4321 - 1e9 + Double(index % 1_000) * 0.0005
            let date = Date(timeIntervalSince1970: seconds)
            let ours = ISO8601Timestamp.string(date)
            let theirs = reference.string(from: date)
            if ours != theirs { mismatches.append("\(seconds): \(ours) vs \(theirs)") }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(3))")
    }
}
