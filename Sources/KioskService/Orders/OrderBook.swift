import Foundation
import Identity
import StrictJSON

/// The kiosk's orders: one active order at a time, each driven by the identity rules'
/// `DoubleScanConfirmation`, with badge and scan inputs routed to it and events published.
///
/// Guarantees:
/// - At most one active order; a credential presented while none is active opens one.
/// - Every input is stamped with the monotonic clock; the confirmation timeout fires by
///   itself (a timer feeds `.tick` at the deadline), without any further input.
/// - Events are published in the order the inputs happened: the `badge`/`scan` event first,
///   then the identity events it caused.
/// - A close is two-phase (`beginClose` then `completeClose`/`abortClose`): the order's state
///   changes only once the sale is durable; while closing, other commands are refused.
/// - Finished orders are kept (at most `finishedLimit`) for `GET` and repeated closes.
public actor OrderBook {
    /// How many finished orders are remembered.
    public let finishedLimit: Int
    /// The identity rules in force.
    public let policy: IdentityPolicy

    private struct Order {
        let id: String
        let saleId: String
        let openedAt: Date
        var machine: DoubleScanConfirmation
        var pendingClose: DoubleScanConfirmation?
        var closedAnswer: JSONValue?
        var redemptions = OrderRedemptions()
        var checkout: CloseRequest?
    }

    private let kioskId: String
    private let storeId: String
    private let events: any KioskEventSink
    private let clock: KioskClock
    private let classifier: CredentialClassifier
    private var active: Order?
    private var finished: [String: Order] = [:]
    private var finishedOrder: [String] = []
    private var timer: Task<Void, Never>?
    private let onIdentified: @Sendable (Credential) -> Void

    /// - Parameter onIdentified: called (without waiting) when an order is identified; the
    ///   daemon refreshes the customer's cross-store account from the backend there.
    public init(
        policy: IdentityPolicy, kioskId: String, storeId: String, events: any KioskEventSink, clock: KioskClock,
        finishedLimit: Int = 64, onIdentified: @escaping @Sendable (Credential) -> Void = { _ in }
    ) {
        self.onIdentified = onIdentified
        self.policy = policy
        self.kioskId = kioskId
        self.storeId = storeId
        self.events = events
        self.clock = clock
        self.classifier = CredentialClassifier(policy: policy)
        self.finishedLimit = finishedLimit
    }

    // MARK: commands from the API

    /// Opens a new order.
    /// - Throws: `OrderError.anotherOrderActive` while an order is active.
    public func create() throws(OrderError) -> OrderSnapshot {
        if let active { throw .anotherOrderActive(orderId: active.id) }
        return snapshot(open())
    }

    /// The active order, if any.
    public func current() -> OrderSnapshot? { active.map(snapshot) }

    /// The order `id` (active or recently finished).
    /// - Throws: `OrderError.notFound`.
    public func order(_ id: String) throws(OrderError) -> OrderSnapshot {
        snapshot(try find(id))
    }

    /// Moves the order to checkout: an identified order then waits for the second scan.
    /// `basket` is kept for the previews of later redemptions.
    /// - Throws: `OrderError` when unknown, finished, or closing.
    public func checkout(_ id: String, basket: CloseRequest? = nil) throws(OrderError) -> OrderSnapshot {
        let order = try activeOrder(id, command: "check out")
        apply(.checkout, to: order.id)
        if let basket { active?.checkout = basket }
        return snapshot(active!)
    }

    /// The basket sent at checkout, if any.
    public func checkoutBasket(_ id: String) -> CloseRequest? {
        active?.id == id ? active?.checkout : nil
    }

    /// Cancels the order.
    /// - Throws: `OrderError` when unknown, finished, or closing.
    public func cancel(_ id: String) throws(OrderError) -> OrderSnapshot {
        let order = try activeOrder(id, command: "cancel")
        apply(.cancel, to: order.id)
        let cancelled = retire()
        events.publish(.orderCancelled(orderId: order.id))
        return snapshot(cancelled)
    }

    /// Records a voucher or reward the customer wants to use on this order.
    /// - Throws: `OrderError.invalidState` unless the order is confirmed (DESIGN.md: redeem on
    ///   confirmed orders only); `OrderError` when unknown or closing.
    public func requestRedemption(_ id: String, voucher: String? = nil, reward: String? = nil) throws(OrderError) -> OrderSnapshot {
        var order = try activeOrder(id, command: "redeem")
        order.machine = expired(order.machine)
        guard order.machine.phase == .confirmed else {
            throw .invalidState(orderId: id, phase: order.machine.phase.rawValue, command: "redeem (the second scan must confirm the order first)")
        }
        if let voucher, !order.redemptions.vouchers.contains(voucher) { order.redemptions.vouchers.append(voucher) }
        if let reward, !order.redemptions.rewards.contains(reward) { order.redemptions.rewards.append(reward) }
        active = order
        return snapshot(order)
    }

    /// Withdraws a redemption asked for earlier (the preview refused it).
    public func withdrawRedemption(_ id: String, voucher: String? = nil, reward: String? = nil) {
        guard var order = active, order.id == id else { return }
        order.redemptions.vouchers.removeAll { $0 == voucher }
        order.redemptions.rewards.removeAll { $0 == reward }
        active = order
    }

    /// What `beginClose` decided.
    public enum CloseStart: Sendable, Equatable {
        /// Commit this sale (then call `completeClose` or `abortClose`).
        case commit(orderId: String, saleId: String, identity: DoubleScanConfirmation.SaleIdentity, redemptions: OrderRedemptions)
        /// The order was already closed: answer with the first close's answer.
        case alreadyClosed(answer: JSONValue)
    }

    /// Starts closing the order: decides the sale's identity without changing the order yet.
    /// - Throws: `OrderError` when unknown, cancelled, or already closing.
    public func beginClose(_ id: String) throws(OrderError) -> CloseStart {
        if var order = active, order.id == id {
            if order.pendingClose != nil { throw .closing(orderId: id) }
            var machine = order.machine
            machine = expired(machine)
            var identity = DoubleScanConfirmation.SaleIdentity.anonymous(.nobodyIdentified)
            for event in machine.handle(.close, at: clock.instant()) {
                if case .closed(let closedIdentity) = event { identity = closedIdentity }
            }
            order.pendingClose = machine
            active = order
            return .commit(orderId: id, saleId: order.saleId, identity: identity, redemptions: order.redemptions)
        }
        let order = try find(id)
        if let answer = order.closedAnswer { return .alreadyClosed(answer: answer) }
        throw .invalidState(orderId: id, phase: order.machine.phase.rawValue, command: "close")
    }

    /// Records that the sale committed: the order is closed and `answer` is kept for repeats.
    public func completeClose(_ id: String, answer: JSONValue) {
        guard var order = active, order.id == id, let closedMachine = order.pendingClose else { return }
        order.machine = closedMachine
        order.pendingClose = nil
        order.closedAnswer = answer
        active = order
        retire()
    }

    /// Records that the commit failed: the order stays as it was and may be closed again.
    public func abortClose(_ id: String) {
        guard var order = active, order.id == id else { return }
        order.pendingClose = nil
        active = order
    }

    // MARK: inputs from devices

    /// A badge was placed on (`present`) or removed from a PC/SC reader (or the simulated one);
    /// `source` is `.keyboardWedge` for a reader that types UIDs (it reports no removal).
    public func badge(uid: CardUID, present: Bool, reader: String, source: DoubleScanConfirmation.Source = .badgeReader) {
        if !present {
            events.publish(.badge(uid: uid, present: false, reader: reader, orderId: active?.id))
            if let active { apply(.badgeRemoved(uid), to: active.id) }
            return
        }
        route(.badge(uid), source: source) { orderId, ignored in
            .badge(uid: uid, present: true, reader: reader, orderId: orderId, ignored: ignored)
        }
    }

    /// A barcode scanner read `text` (classified with the identity policy's prefixes).
    public func scan(_ text: String, scanner: String) {
        scanned(classifier.classify(text), scanner: scanner)
    }

    /// A barcode scanner read a code its thread already classified.
    public func scanned(_ classification: ScanClassification, scanner: String) {
        guard case .credential(let credential) = classification else {
            events.publish(.scan(classification, scanner: scanner, orderId: active?.id))
            return
        }
        route(credential, source: .barcodeScanner) { orderId, _ in
            .scan(classification, scanner: scanner, orderId: orderId)
        }
    }

    // MARK: internals

    private func route(
        _ credential: Credential, source: DoubleScanConfirmation.Source,
        event: (String?, String?) -> KioskEvent
    ) {
        if active == nil && !policy.counterCustomers.contains(credential) { _ = open() }
        guard let order = active, order.pendingClose == nil else {
            events.publish(event(active?.id, active == nil ? "counterCustomer" : "orderClosing"))
            return
        }
        var machine = order.machine
        let produced = machine.handle(.presented(credential, source: source), at: clock.instant())
        let ignored = produced.compactMap { event -> String? in
            if case .ignored(_, let reason) = event { return reason.rawValue }
            return nil
        }.first
        events.publish(event(order.id, ignored))
        commit(machine, produced, to: order.id)
    }

    private func apply(_ input: DoubleScanConfirmation.Input, to id: String) {
        guard let order = active, order.id == id else { return }
        var machine = order.machine
        let produced = machine.handle(input, at: clock.instant())
        commit(machine, produced, to: id)
    }

    private func commit(_ machine: DoubleScanConfirmation, _ produced: [DoubleScanConfirmation.Event], to id: String) {
        active?.machine = machine
        for event in produced { publish(event, orderId: id) }
        scheduleTimer()
    }

    private func publish(_ event: DoubleScanConfirmation.Event, orderId: String) {
        switch event {
        case .identified(let credential):
            events.publish(.identified(orderId: orderId, credential: credential))
            onIdentified(credential)
        case .confirmationRequired(let credential, _):
            events.publish(.confirmationRequired(orderId: orderId, credential: credential, timeoutSeconds: policy.confirmationTimeoutSeconds))
        case .confirmed(let credential):
            events.publish(.confirmed(orderId: orderId, credential: credential))
        case .confirmationFailed(let failure):
            events.publish(.confirmationFailed(orderId: orderId, failure: failure))
        case .ignored, .closed, .cancelled:
            break
        }
    }

    /// The machine with any due timeout applied (publishing its events on the live order).
    private func expired(_ machine: DoubleScanConfirmation) -> DoubleScanConfirmation {
        guard let deadline = machine.deadline, clock.instant() >= deadline, let id = active?.id else { return machine }
        apply(.tick, to: id)
        return active!.machine
    }

    /// Feeds `.tick` to the active order at its deadline.
    private func scheduleTimer() {
        timer?.cancel()
        timer = nil
        guard let order = active, let deadline = order.machine.deadline else { return }
        let id = order.id
        let delay = max(0, deadline.nanoseconds - clock.instant().nanoseconds)
        timer = Task { [weak self] in
            do { try await Task.sleep(for: .nanoseconds(delay)) } catch { return }
            await self?.tick(id)
        }
    }

    private func tick(_ id: String) {
        guard active?.id == id, active?.pendingClose == nil else { return }
        apply(.tick, to: id)
    }

    @discardableResult
    private func open() -> Order {
        let id = "o-" + Self.randomHex(bytes: 8)
        let order = Order(
            id: id, saleId: "\(storeId).\(kioskId).\(id)", openedAt: clock.now(),
            machine: DoubleScanConfirmation(policy: policy)
        )
        active = order
        return order
    }

    /// Moves the active order to the finished ones; returns it.
    @discardableResult
    private func retire() -> Order {
        let order = active!
        active = nil
        timer?.cancel()
        timer = nil
        finished[order.id] = order
        finishedOrder.append(order.id)
        if finishedOrder.count > finishedLimit {
            finished[finishedOrder.removeFirst()] = nil
        }
        return order
    }

    private func find(_ id: String) throws(OrderError) -> Order {
        if let active, active.id == id { return active }
        if let order = finished[id] { return order }
        throw .notFound(orderId: id)
    }

    private func activeOrder(_ id: String, command: String) throws(OrderError) -> Order {
        guard let order = active, order.id == id else {
            let known = try find(id)
            throw .invalidState(orderId: id, phase: known.machine.phase.rawValue, command: command)
        }
        if order.pendingClose != nil { throw .closing(orderId: id) }
        return order
    }

    private func snapshot(_ order: Order) -> OrderSnapshot {
        var seconds: Int?
        if let deadline = order.machine.deadline {
            seconds = Int(max(0, (deadline.nanoseconds - clock.instant().nanoseconds + 999_999_999) / 1_000_000_000))
        }
        return OrderSnapshot(
            orderId: order.id, saleId: order.saleId, phase: order.machine.phase, credential: order.machine.credential,
            mismatches: order.machine.mismatches, openedAt: order.openedAt, secondsToConfirm: seconds,
            closing: order.pendingClose != nil, redemptions: order.redemptions
        )
    }

    static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }
}
