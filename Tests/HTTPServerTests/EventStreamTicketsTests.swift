import HTTPServer
import Testing

@Suite("EventStreamTickets")
struct EventStreamTicketsTests {
    final class FakeClock: @unchecked Sendable {
        var now: UInt64 = 1_000_000_000
    }

    @Test("a ticket is valid once, within its lifetime")
    func singleUse() {
        let clock = FakeClock()
        let tickets = EventStreamTickets(lifetime: .seconds(30), clock: { clock.now })
        let ticket = tickets.issue()
        #expect(ticket.count == 32)
        #expect(tickets.redeem(ticket), "first use succeeds")
        #expect(!tickets.redeem(ticket), "second use fails")
        let late = tickets.issue()
        clock.now += 30_000_000_001
        #expect(!tickets.redeem(late), "an expired ticket fails")
        #expect(!tickets.redeem(""), "an empty ticket fails")
    }

    @Test("at most maxOutstanding unused tickets exist; the oldest is dropped")
    func cap() {
        let tickets = EventStreamTickets(maxOutstanding: 2)
        let first = tickets.issue(), second = tickets.issue(), third = tickets.issue()
        #expect(!tickets.redeem(first))
        #expect(tickets.redeem(second) && tickets.redeem(third))
    }
}
