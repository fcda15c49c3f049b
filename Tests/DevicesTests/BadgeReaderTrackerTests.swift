@testable import Devices
import Identity
import Testing

private let a = "ACS ACR122U PICC Interface 00 00"
private let b = "Virtual PCD 00 00"
private let badge = try! CardUID(hex: "04A1B2C3")

@Suite("BadgeReaderTracker")
struct BadgeReaderTrackerTests {

    /// What `SCardGetStatusChange` would return for `reader`.
    static func seen(_ reader: String, _ flags: PCSCReaderStatus.Flags, count: UInt16 = 0) -> PCSCReaderState {
        var state = PCSCReaderState(reader: reader, known: .unaware)
        state.observed = PCSCReaderStatus(rawValue: UInt32(count) << 16 | flags.rawValue)
        return state
    }

    /// A tracker watching `a` with a card reported on it (event counter 1).
    static func trackerWithCard() -> BadgeReaderTracker {
        var tracker = BadgeReaderTracker()
        _ = tracker.listed([a])
        _ = tracker.observed([seen(a, [.changed, .present], count: 1)])
        _ = tracker.cardRead(reader: a, result: .success(badge))
        return tracker
    }

    @Test("listed readers appear once, in pcscd's order; the wait covers them and the PnP pseudo-reader")
    func appear() {
        var tracker = BadgeReaderTracker()
        #expect(tracker.listed([a, b, a]) == [.emit(.readerAppeared(a)), .emit(.readerAppeared(b))])
        #expect(tracker.listed([a, b]) == [], "a second identical listing changes nothing")
        #expect(tracker.waitEntries.map(\.reader) == [a, b, PCSCReaderState.plugAndPlayNotification])
        #expect(tracker.waitEntries.allSatisfy { $0.known == .unaware }, "the first wait asks for the current state")
    }

    @Test("an empty reader gives nothing; a card gives a read, then cardInserted")
    func insert() {
        var tracker = BadgeReaderTracker()
        _ = tracker.listed([a])
        #expect(tracker.observed([Self.seen(a, [.changed, .empty])]) == [])
        #expect(tracker.observed([Self.seen(a, [.changed, .present], count: 1)]) == [.readCard(reader: a)])
        #expect(tracker.cardRead(reader: a, result: .success(badge)) == [.emit(.cardInserted(reader: a, uid: badge))])
    }

    @Test("the next wait passes back the last state without CHANGED")
    func knownState() {
        var tracker = BadgeReaderTracker()
        _ = tracker.listed([a])
        _ = tracker.observed([Self.seen(a, [.changed, .present], count: 5), Self.seen(PCSCReaderState.plugAndPlayNotification, [.changed])])
        #expect(tracker.waitEntries.map(\.known) == [
            PCSCReaderStatus(rawValue: 5 << 16 | PCSCReaderStatus.Flags.present.rawValue),
            PCSCReaderStatus(rawValue: 0),
        ])
    }

    @Test("a card left on the reader is read once: in-use changes and repeated states give nothing")
    func staysOnReader() {
        var tracker = Self.trackerWithCard()
        #expect(tracker.observed([Self.seen(a, [.changed, .present, .inUse], count: 1)]) == [])
        #expect(tracker.observed([Self.seen(a, [.changed, .present], count: 1)]) == [])
        #expect(tracker.observed([Self.seen(a, [.present], count: 1)]) == [], "no CHANGED, no action")
        #expect(tracker.cardRead(reader: a, result: .success(badge)) == [], "a stray read result for a reported card is ignored")
    }

    @Test("removal of a reported card gives cardRemoved once")
    func removal() {
        var tracker = Self.trackerWithCard()
        #expect(tracker.observed([Self.seen(a, [.changed, .empty], count: 2)]) == [.emit(.cardRemoved(reader: a))])
        #expect(tracker.observed([Self.seen(a, [.changed, .empty], count: 2)]) == [])
    }

    @Test("a card swapped between two waits (counter moved, still present) is removed then read")
    func swapped() {
        var tracker = Self.trackerWithCard()
        #expect(tracker.observed([Self.seen(a, [.changed, .present], count: 3)]) == [.emit(.cardRemoved(reader: a)), .readCard(reader: a)])
    }

    @Test("a card already on the reader at the first look is read")
    func presentAtStart() {
        var tracker = BadgeReaderTracker()
        _ = tracker.listed([a])
        #expect(tracker.observed([Self.seen(a, [.changed, .present, .inUse], count: 7)]) == [.readCard(reader: a)])
    }

    @Test("an unreadable card is reported and its removal too")
    func unreadable() {
        var tracker = BadgeReaderTracker()
        _ = tracker.listed([a])
        _ = tracker.observed([Self.seen(a, [.changed, .present], count: 1)])
        #expect(tracker.cardRead(reader: a, result: .failure(.statusWord(0x6A, 0x81)))
            == [.emit(.cardUnreadable(reader: a, error: .statusWord(0x6A, 0x81)))])
        #expect(tracker.observed([Self.seen(a, [.changed, .empty], count: 2)]) == [.emit(.cardRemoved(reader: a))])
    }

    @Test("a mute card is unreadable without a read, and removed later")
    func mute() {
        var tracker = BadgeReaderTracker()
        _ = tracker.listed([a])
        #expect(tracker.observed([Self.seen(a, [.changed, .present, .mute], count: 1)])
            == [.emit(.cardUnreadable(reader: a, error: .unresponsiveCard))])
        #expect(tracker.observed([Self.seen(a, [.changed, .empty], count: 2)]) == [.emit(.cardRemoved(reader: a))])
    }

    @Test("a reader unplugged with a card: cardRemoved then readerDisappeared")
    func unplugged() {
        var tracker = Self.trackerWithCard()
        #expect(tracker.observed([Self.seen(a, [.changed, .unknown, .unavailable])]) == [.emit(.cardRemoved(reader: a))])
        #expect(tracker.listed([]) == [.emit(.readerDisappeared(a))])
        #expect(tracker.cardRead(reader: a, result: .success(badge)) == [], "a read for a forgotten reader is dropped")
    }

    @Test("a reader that leaves the listing takes its card with it")
    func delisted() {
        var tracker = Self.trackerWithCard()
        _ = tracker.listed([a, b])
        #expect(tracker.listed([b]) == [.emit(.cardRemoved(reader: a)), .emit(.readerDisappeared(a))])
        #expect(tracker.waitEntries.map(\.reader) == [b, PCSCReaderState.plugAndPlayNotification])
    }

    @Test("pcscd lost: every reader disappears, a card first; back, they appear anew")
    func serviceLost() {
        var tracker = Self.trackerWithCard()
        _ = tracker.listed([a, b])
        #expect(tracker.serviceLost() == [
            .emit(.cardRemoved(reader: a)), .emit(.readerDisappeared(a)), .emit(.readerDisappeared(b)),
        ])
        #expect(tracker.waitEntries.map(\.reader) == [PCSCReaderState.plugAndPlayNotification])
        #expect(tracker.serviceLost() == [], "losing it twice says nothing more")
        #expect(tracker.listed([a]) == [.emit(.readerAppeared(a))])
        #expect(tracker.waitEntries.first?.known == .unaware, "a reader back from a restart is asked afresh")
    }

    @Test("at most 15 readers are watched (16 wait entries with the PnP pseudo-reader)")
    func limit() {
        var tracker = BadgeReaderTracker()
        let names = (0..<20).map { "Reader \($0)" }
        #expect(tracker.listed(names).count == 15)
        #expect(tracker.waitEntries.count == PCSCContext.maximumWaitEntries)
    }
}
