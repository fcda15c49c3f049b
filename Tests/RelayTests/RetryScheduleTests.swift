import Relay
import Testing

@Suite("RetrySchedule: exponential, jittered, capped — computed without sleeping")
struct RetryScheduleTests {
    static let schedule = RetrySchedule(initialMilliseconds: 1_000, multiplier: 2, maximumMilliseconds: 300_000, jitter: 0.2)

    @Test("without jitter the delay doubles from the initial delay up to the cap", arguments: [
        (1, 1_000), (2, 2_000), (3, 4_000), (5, 16_000), (9, 256_000), (10, 300_000), (11, 300_000), (10_000, 300_000),
    ])
    func doubling(failures: Int, expected: Int) {
        #expect(Self.schedule.delay(afterFailures: failures, random: 0) == expected,
                "after \(failures) failure(s) the delay is \(expected) ms")
    }

    @Test("jitter shortens the delay by at most its fraction, never below")
    func jitterBounds() {
        for failures in 1...20 {
            let full = Self.schedule.delay(afterFailures: failures, random: 0)
            for draw in stride(from: 0.0, through: 0.999, by: 0.111) {
                let delay = Self.schedule.delay(afterFailures: failures, random: draw)
                #expect(delay <= full && delay >= full - full / 5, "jittered delay within [80 %, 100 %] of \(full)")
            }
        }
        #expect(Self.schedule.delay(afterFailures: 3, random: 0.5) == 3_600, "4 s minus 10 %")
    }

    @Test("no failure, no delay; days offline never overflow past the cap")
    func edges() {
        #expect(Self.schedule.delay(afterFailures: 0, random: 0.7) == 0)
        #expect(Self.schedule.delay(afterFailures: Int.max, random: 0) == 300_000)
        let huge = RetrySchedule(initialMilliseconds: Int.max / 2, multiplier: 3, maximumMilliseconds: Int.max, jitter: 0)
        #expect(huge.delay(afterFailures: 5, random: 0) == Int.max, "overflow saturates at the cap")
    }
}
