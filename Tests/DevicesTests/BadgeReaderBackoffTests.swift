import Devices
import Testing

@Suite("BadgeReaderBackoff")
struct BadgeReaderBackoffTests {
    @Test("the standard schedule doubles from 250 ms and stays at 30 s", arguments: [
        (1, Duration.milliseconds(250)), (2, .milliseconds(500)), (3, .seconds(1)), (4, .seconds(2)),
        (8, .seconds(30)), (9, .seconds(30)), (1_000, .seconds(30)), (Int.max, .seconds(30)),
    ])
    func standard(failures: Int, delay: Duration) {
        #expect(BadgeReaderBackoff.standard.delay(afterFailures: failures) == delay, "after \(failures) failures wait \(delay)")
    }

    @Test("no failure, no wait")
    func zero() {
        #expect(BadgeReaderBackoff.standard.delay(afterFailures: 0) == .zero)
        #expect(BadgeReaderBackoff.standard.delay(afterFailures: -3) == .zero)
    }

    @Test("the maximum caps a delay that would overshoot it")
    func cap() {
        let backoff = BadgeReaderBackoff(initialDelay: .milliseconds(300), maximumDelay: .seconds(1))
        #expect((1...5).map { backoff.delay(afterFailures: $0) } == [.milliseconds(300), .milliseconds(600), .seconds(1), .seconds(1), .seconds(1)])
    }

    @Test("initial equal to maximum is a constant delay")
    func constant() {
        let backoff = BadgeReaderBackoff(initialDelay: .seconds(2), maximumDelay: .seconds(2))
        #expect((1...4).map { backoff.delay(afterFailures: $0) } == Array(repeating: .seconds(2), count: 4))
    }
}
