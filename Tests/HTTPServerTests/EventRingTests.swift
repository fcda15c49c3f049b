import HTTPServer
import Testing

@Suite("EventRing")
struct EventRingTests {
    @Test("elements after a retained sequence are returned in order, nothing missed")
    func resume() {
        var ring = EventRing<String>(capacity: 4)
        for name in ["a", "b", "c"] { ring.append(name) }
        #expect(ring.latestSequence == 3)
        let slice = ring.elements(after: 1)
        #expect(slice.elements == ["b", "c"] && !slice.missed)
        #expect(ring.elements(after: 3).elements.isEmpty && !ring.elements(after: 3).missed)
        #expect(ring.elements(after: 0).elements == ["a", "b", "c"] && !ring.elements(after: 0).missed)
    }

    @Test("the oldest elements are forgotten past capacity, and a reader behind them is told it missed some")
    func eviction() {
        var ring = EventRing<Int>(capacity: 3)
        for value in 1...5 { ring.append(value) }
        #expect(ring.count == 3 && ring.oldestSequence == 3)
        #expect(ring.element(at: 2) == nil && ring.element(at: 3) == 3)
        let behind = ring.elements(after: 1)
        #expect(behind.elements == [3, 4, 5] && behind.missed, "events 2 is gone")
        let justInTime = ring.elements(after: 2)
        #expect(justInTime.elements == [3, 4, 5] && !justInTime.missed, "after 2 everything is still there")
    }

    @Test("a sequence from the future is unknown: everything retained, flagged missed")
    func future() {
        var ring = EventRing<Int>(capacity: 3)
        ring.append(1)
        let slice = ring.elements(after: 99)
        #expect(slice.elements == [1] && slice.missed)
    }
}
