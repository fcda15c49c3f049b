import Testing
@testable import Identity

/// Every transition of the per-order double-scan confirmation, with fixed instants.
@Suite("DoubleScanConfirmation")
struct DoubleScanConfirmationTests {
    typealias Machine = DoubleScanConfirmation
    static let badge = Credential.badge(try! CardUID(hex: "04A1B2C3"))
    static let otherBadge = Credential.badge(try! CardUID(hex: "04FFEE11"))
    static let card = Credential.card(try! EAN13(validating: "2990000000019"))
    static let otherCard = Credential.card(try! EAN13(validating: "2991234567897"))
    static let counter = Credential.card(EAN13(prefix: "299", serial: 999)!)

    static func t(_ ms: Int64) -> MonotonicInstant { .milliseconds(ms) }

    static func uid(_ credential: Credential) -> CardUID {
        guard case .badge(let uid) = credential else { fatalError("not a badge") }
        return uid
    }

    func machine(_ policy: IdentityPolicy = IdentityPolicy(counterCustomers: [Self.counter])) -> Machine {
        Machine(policy: policy)
    }

    // MARK: open → identified → awaitingConfirmation → confirmed → closed

    @Test("badge: identify, remove, checkout, present again → confirmed → closed eligible")
    func badgeHappyPath() {
        var m = machine()
        #expect(m.phase == .open)
        #expect(m.handle(.presented(Self.badge, source: .badgeReader), at: Self.t(0)) == [.identified(Self.badge)])
        #expect(m.phase == .identified && m.credential == Self.badge)
        #expect(m.handle(.badgeRemoved(Self.uid(Self.badge)), at: Self.t(500)) == [], "a removal alone publishes nothing")
        #expect(m.handle(.checkout, at: Self.t(30_000)) == [.confirmationRequired(Self.badge, deadline: Self.t(90_000))])
        #expect(m.phase == .awaitingConfirmation && m.deadline == Self.t(90_000), "deadline is checkout + 60 s")
        #expect(m.handle(.presented(Self.badge, source: .badgeReader), at: Self.t(35_000)) == [.confirmed(Self.badge)])
        #expect(m.phase == .confirmed && m.deadline == nil)
        #expect(m.handle(.close, at: Self.t(40_000)) == [.closed(.confirmed(Self.badge))])
        #expect(m.phase == .closed && m.isFinished)
    }

    @Test("loyalty card: scan, checkout, scan again after the guard → confirmed")
    func cardHappyPath() {
        var m = machine()
        #expect(m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(0)) == [.identified(Self.card)])
        _ = m.handle(.checkout, at: Self.t(20_000))
        #expect(m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(21_000)) == [.confirmed(Self.card)])
        #expect(m.handle(.close, at: Self.t(22_000)) == [.closed(.confirmed(Self.card))])
    }

    @Test("the same badge from a wedge reader and from PC/SC is one identity")
    func wedgeThenPCSC() throws {
        var m = machine()
        let typed = Credential.badge(try CardUID(wedgeText: "3283263748", format: .decimal, byteOrder: .lsbFirst))
        #expect(typed == Self.badge, "0xC3B2A104 typed lsb-first is 04A1B2C3")
        _ = m.handle(.presented(typed, source: .keyboardWedge), at: Self.t(0))
        _ = m.handle(.checkout, at: Self.t(10_000))
        #expect(m.handle(.presented(Self.badge, source: .badgeReader), at: Self.t(12_000)) == [.confirmed(Self.badge)],
                "a PC/SC read confirms a wedge identification: the PC/SC reader never held the badge")
    }

    // MARK: negative cases

    @Test("a badge left on the reader never confirms; removal then a new presentation does")
    func badgeLeftOnReader() {
        var m = machine()
        _ = m.handle(.presented(Self.badge, source: .badgeReader), at: Self.t(0))
        _ = m.handle(.checkout, at: Self.t(10_000))
        #expect(m.handle(.presented(Self.badge, source: .badgeReader), at: Self.t(11_000)) == [.ignored(Self.badge, .badgeNotRemoved)],
                "a re-reported presence (e.g. after pcscd restarted) is not a second scan")
        #expect(m.phase == .awaitingConfirmation)
        _ = m.handle(.badgeRemoved(Self.uid(Self.otherBadge)), at: Self.t(11_500))
        #expect(m.handle(.presented(Self.badge, source: .badgeReader), at: Self.t(12_000)) == [.ignored(Self.badge, .badgeNotRemoved)],
                "another badge's removal does not count")
        _ = m.handle(.badgeRemoved(Self.uid(Self.badge)), at: Self.t(13_000))
        #expect(m.handle(.presented(Self.badge, source: .badgeReader), at: Self.t(14_000)) == [.confirmed(Self.badge)])
    }

    @Test("a removal before checkout counts as removed since the first scan")
    func removalBeforeCheckout() {
        var m = machine()
        _ = m.handle(.presented(Self.badge, source: .badgeReader), at: Self.t(0))
        _ = m.handle(.badgeRemoved(Self.uid(Self.badge)), at: Self.t(1_000))
        _ = m.handle(.checkout, at: Self.t(10_000))
        #expect(m.handle(.presented(Self.badge, source: .badgeReader), at: Self.t(11_000)) == [.confirmed(Self.badge)])
    }

    @Test("a scan before checkout is not the second scan")
    func scanBeforeCheckout() {
        var m = machine()
        _ = m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(0))
        #expect(m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(5_000)) == [.ignored(Self.card, .beforeCheckout)])
        #expect(m.phase == .identified)
        _ = m.handle(.checkout, at: Self.t(6_000))
        #expect(m.phase == .awaitingConfirmation, "still needs a scan after checkout")
    }

    @Test("a barcode double-read within the guard does not count; after it, it does")
    func barcodeDoubleRead() {
        var m = machine()
        _ = m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(0))
        _ = m.handle(.checkout, at: Self.t(200))
        #expect(m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(1_499)) == [.ignored(Self.card, .doubleRead)],
                "1 499 ms after the first scan is inside the 1 500 ms guard")
        #expect(m.phase == .awaitingConfirmation)
        #expect(m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(1_500)) == [.confirmed(Self.card)],
                "1 500 ms after the first scan counts")
    }

    @Test("a wedge reader's double type within the guard does not count")
    func wedgeDoubleRead() {
        var m = machine()
        _ = m.handle(.presented(Self.badge, source: .keyboardWedge), at: Self.t(0))
        _ = m.handle(.checkout, at: Self.t(100))
        #expect(m.handle(.presented(Self.badge, source: .keyboardWedge), at: Self.t(300)) == [.ignored(Self.badge, .doubleRead)])
        #expect(m.handle(.presented(Self.badge, source: .keyboardWedge), at: Self.t(2_000)) == [.confirmed(Self.badge)])
    }

    @Test("mismatch ×3 drops the identity; the sale closes anonymously")
    func mismatchThreeTimes() {
        var m = machine()
        _ = m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(0))
        _ = m.handle(.checkout, at: Self.t(10_000))
        let first = m.handle(.presented(Self.otherCard, source: .barcodeScanner), at: Self.t(11_000))
        #expect(first == [.confirmationFailed(.init(reason: .mismatch, presented: Self.otherCard, mismatches: 1, identityDropped: false))])
        #expect(m.phase == .awaitingConfirmation && m.credential == Self.card, "one mismatch keeps the identity")
        let second = m.handle(.presented(Self.otherBadge, source: .badgeReader), at: Self.t(12_000))
        #expect(second == [.confirmationFailed(.init(reason: .mismatch, presented: Self.otherBadge, mismatches: 2, identityDropped: false))])
        let third = m.handle(.presented(Self.otherCard, source: .barcodeScanner), at: Self.t(20_000))
        #expect(third == [.confirmationFailed(.init(reason: .mismatch, presented: Self.otherCard, mismatches: 3, identityDropped: true))])
        #expect(m.phase == .anonymous && m.credential == nil && m.deadline == nil)
        #expect(m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(21_000)) == [.ignored(Self.card, .anonymous)],
                "the right card after the identity was dropped no longer counts")
        #expect(m.handle(.close, at: Self.t(22_000)) == [.closed(.anonymous(.tooManyMismatches(Self.card)))])
    }

    @Test("a mismatching barcode read twice within the guard counts once")
    func mismatchDoubleRead() {
        var m = machine()
        _ = m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(0))
        _ = m.handle(.checkout, at: Self.t(10_000))
        _ = m.handle(.presented(Self.otherCard, source: .barcodeScanner), at: Self.t(11_000))
        #expect(m.handle(.presented(Self.otherCard, source: .barcodeScanner), at: Self.t(11_100)) == [.ignored(Self.otherCard, .doubleRead)])
        #expect(m.mismatches == 1)
    }

    @Test("maxMismatches is configurable")
    func maxMismatchesOne() {
        var m = machine(IdentityPolicy(maxMismatches: 1))
        _ = m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(0))
        _ = m.handle(.checkout, at: Self.t(10_000))
        let events = m.handle(.presented(Self.otherCard, source: .barcodeScanner), at: Self.t(11_000))
        #expect(events == [.confirmationFailed(.init(reason: .mismatch, presented: Self.otherCard, mismatches: 1, identityDropped: true))])
        #expect(m.phase == .anonymous)
    }

    @Test("no second scan before the deadline → confirmation-failed(timeout) on tick; close is anonymous")
    func timeoutOnTick() {
        var m = machine()
        _ = m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(0))
        _ = m.handle(.checkout, at: Self.t(10_000))
        #expect(m.handle(.tick, at: Self.t(69_999)) == [], "one millisecond before the deadline nothing happens")
        #expect(m.handle(.tick, at: Self.t(70_000)) == [.confirmationFailed(.init(reason: .timeout, presented: nil, mismatches: 0, identityDropped: true))])
        #expect(m.phase == .anonymous && m.deadline == nil)
        #expect(m.handle(.tick, at: Self.t(80_000)) == [], "the timeout fires once")
        #expect(m.handle(.close, at: Self.t(90_000)) == [.closed(.anonymous(.timedOut(Self.card)))])
    }

    @Test("a scan arriving after the deadline, before the wake-up, is a timeout, not a confirmation")
    func lateScan() {
        var m = machine()
        _ = m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(0))
        _ = m.handle(.checkout, at: Self.t(10_000))
        let events = m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(70_001))
        #expect(events == [
            .confirmationFailed(.init(reason: .timeout, presented: nil, mismatches: 0, identityDropped: true)),
            .ignored(Self.card, .anonymous),
        ])
    }

    @Test("the timeout is configurable")
    func shortTimeout() {
        var m = machine(IdentityPolicy(confirmationTimeoutSeconds: 5))
        _ = m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(0))
        #expect(m.handle(.checkout, at: Self.t(1_000)) == [.confirmationRequired(Self.card, deadline: Self.t(6_000))])
    }

    @Test("a scan after close is refused, and so is a second close, checkout or cancel")
    func afterClose() {
        var m = machine()
        _ = m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(0))
        _ = m.handle(.checkout, at: Self.t(10_000))
        _ = m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(12_000))
        _ = m.handle(.close, at: Self.t(13_000))
        #expect(m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(14_000)) == [.ignored(Self.card, .orderFinished)])
        #expect(m.handle(.close, at: Self.t(15_000)) == [.ignored(nil, .orderFinished)])
        #expect(m.handle(.checkout, at: Self.t(15_000)) == [.ignored(nil, .orderFinished)])
        #expect(m.handle(.cancel, at: Self.t(15_000)) == [.ignored(nil, .orderFinished)])
        #expect(m.phase == .closed)
    }

    @Test("cancel from any live phase; a cancelled order ignores scans")
    func cancel() {
        for setup in [[Machine.Input](), [.presented(Self.card, source: .barcodeScanner)],
                      [.presented(Self.card, source: .barcodeScanner), .checkout]] {
            var m = machine()
            for input in setup { _ = m.handle(input, at: Self.t(0)) }
            #expect(m.handle(.cancel, at: Self.t(5_000)) == [.cancelled])
            #expect(m.phase == .cancelled && m.deadline == nil)
            #expect(m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(6_000)) == [.ignored(Self.card, .orderFinished)])
            #expect(m.handle(.tick, at: Self.t(100_000)) == [], "no timeout after cancel")
        }
    }

    @Test("checkout with nobody identified makes the order anonymous; scans are then ignored")
    func anonymousCheckout() {
        var m = machine()
        #expect(m.handle(.checkout, at: Self.t(0)) == [])
        #expect(m.phase == .anonymous)
        #expect(m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(3_000)) == [.ignored(Self.card, .anonymous)])
        #expect(m.handle(.close, at: Self.t(4_000)) == [.closed(.anonymous(.nobodyIdentified))])
    }

    @Test("close without checkout or before the second scan earns nothing")
    func closeUnconfirmed() {
        var m = machine()
        #expect(m.handle(.close, at: Self.t(0)) == [.closed(.anonymous(.nobodyIdentified))])
        var identified = machine()
        _ = identified.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(0))
        #expect(identified.handle(.close, at: Self.t(1_000)) == [.closed(.anonymous(.notConfirmed(Self.card)))])
        var awaiting = machine()
        _ = awaiting.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(0))
        _ = awaiting.handle(.checkout, at: Self.t(1_000))
        let events = awaiting.handle(.close, at: Self.t(2_000))
        #expect(events == [.closed(.anonymous(.notConfirmed(Self.card)))])
        #expect(events.first.flatMap { if case .closed(let identity) = $0 { identity.eligibleCredential } else { nil } } == nil)
    }

    @Test("counter customers never identify an order")
    func counterCustomer() {
        var m = machine()
        #expect(m.handle(.presented(Self.counter, source: .barcodeScanner), at: Self.t(0)) == [.ignored(Self.counter, .counterCustomer)])
        #expect(m.phase == .open)
        _ = m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(1_000))
        #expect(m.handle(.presented(Self.counter, source: .barcodeScanner), at: Self.t(2_000)) == [.ignored(Self.counter, .counterCustomer)],
                "a counter card does not replace a customer")
        #expect(m.credential == Self.card)
    }

    @Test("a different credential before checkout replaces the identity")
    func reidentify() {
        var m = machine()
        _ = m.handle(.presented(Self.badge, source: .badgeReader), at: Self.t(0))
        #expect(m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(1_000)) == [.identified(Self.card)])
        _ = m.handle(.checkout, at: Self.t(2_000))
        #expect(m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(2_400)) == [.ignored(Self.card, .doubleRead)],
                "the guard runs from the replacing scan")
        #expect(m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(3_000)) == [.confirmed(Self.card)])
    }

    @Test("after confirmation, scans change nothing and checkout again is harmless")
    func afterConfirmed() {
        var m = machine()
        _ = m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(0))
        _ = m.handle(.checkout, at: Self.t(10_000))
        _ = m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(11_000))
        #expect(m.handle(.presented(Self.otherCard, source: .barcodeScanner), at: Self.t(12_000)) == [.ignored(Self.otherCard, .alreadyConfirmed)])
        #expect(m.handle(.checkout, at: Self.t(13_000)) == [])
        #expect(m.handle(.tick, at: Self.t(200_000)) == [], "no timeout once confirmed")
        #expect(m.phase == .confirmed)
    }

    @Test("checkout again while awaiting keeps the original deadline")
    func checkoutTwice() {
        var m = machine()
        _ = m.handle(.presented(Self.card, source: .barcodeScanner), at: Self.t(0))
        _ = m.handle(.checkout, at: Self.t(10_000))
        #expect(m.handle(.checkout, at: Self.t(20_000)) == [])
        #expect(m.deadline == Self.t(70_000))
    }
}
