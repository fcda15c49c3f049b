/// The per-order double-scan confirmation: identify at the start, scan the same credential
/// again after checkout, or the sale earns and redeems nothing.
///
/// A pure state machine in the manner of swift-nio's: `handle(_:at:)` takes one input and
/// the instant it happened, updates the state and returns the events to publish. It reads no
/// clock and sleeps never; when it waits for the second scan it exposes `deadline`, and the
/// owner feeds `.tick` at (or after) that instant. Any input at or after the deadline first
/// applies the timeout, so a late wake-up never lets a late scan count.
///
/// Phases: `open → identified → awaitingConfirmation → confirmed → closed`, or `cancelled`,
/// or `anonymous` (nobody identified, the second scan timed out, or too many mismatches);
/// an anonymous order can still close, and earns nothing.
public struct DoubleScanConfirmation: Sendable {
    /// Where an order stands.
    public enum Phase: String, Sendable, Hashable, CaseIterable {
        case open, identified, awaitingConfirmation, confirmed, closed, cancelled, anonymous
    }

    /// Which kind of reader produced a presentation; it decides what a second read must prove.
    public enum Source: String, Sendable, Hashable {
        /// A PC/SC reader, which reports removal: the same badge counts again only after the
        /// reader saw it removed (a badge left on the reader never confirms).
        case badgeReader
        /// A keyboard-wedge NFC reader typing the UID once per tap; like a barcode, a re-read
        /// within the rescan guard does not count.
        case keyboardWedge
        /// A barcode scanner; a re-read within the rescan guard does not count.
        case barcodeScanner
    }

    /// What happened to the order.
    public enum Input: Sendable, Hashable {
        /// A credential was presented (badge placed or tapped, card scanned).
        case presented(Credential, source: Source)
        /// A PC/SC reader saw this badge leave.
        case badgeRemoved(CardUID)
        /// The customer finished the basket: the second scan is now expected.
        case checkout
        /// The sale closes; the answer is a `.closed` event with the sale's identity.
        case close
        /// The order is abandoned.
        case cancel
        /// Time passed; fed at `deadline` so the timeout fires without any input.
        case tick
    }

    /// Why a presentation or a command changed nothing.
    public enum IgnoredReason: String, Sendable, Hashable {
        /// The same credential again before checkout: only a scan after checkout confirms.
        case beforeCheckout
        /// The same badge on a PC/SC reader that has not seen it removed since the first scan.
        case badgeNotRemoved
        /// The same code re-read within `rescanGuardMs` (of the first scan, or of the same mismatching code).
        case doubleRead
        /// The order is already confirmed.
        case alreadyConfirmed
        /// A counter customer, never eligible: the order stays as it is.
        case counterCustomer
        /// The order is anonymous (nobody identified before checkout, timeout, too many mismatches).
        case anonymous
        /// The order is closed or cancelled.
        case orderFinished
    }

    /// Why a confirmation failed.
    public enum FailureReason: String, Sendable, Hashable {
        /// A different credential was presented.
        case mismatch
        /// No second scan within `confirmationTimeoutSeconds` of checkout.
        case timeout
    }

    /// A failed confirmation, for the `confirmation-failed` event.
    public struct Failure: Sendable, Hashable {
        /// Mismatch or timeout.
        public let reason: FailureReason
        /// The credential presented, for a mismatch.
        public let presented: Credential?
        /// Mismatches so far in this order (including this one).
        public let mismatches: Int
        /// True when the identity is dropped for this order (timeout, or `maxMismatches` reached).
        public let identityDropped: Bool
    }

    /// Why a closed sale earns nothing.
    public enum AnonymousReason: Sendable, Hashable {
        /// Nobody identified before checkout or close.
        case nobodyIdentified
        /// Identified, but the sale closed before a second scan confirmed it.
        case notConfirmed(Credential)
        /// No second scan before the deadline.
        case timedOut(Credential)
        /// `maxMismatches` different credentials were presented.
        case tooManyMismatches(Credential)
    }

    /// The identity a closed sale carries.
    public enum SaleIdentity: Sendable, Hashable {
        /// Confirmed by a second scan: the sale earns and redeems.
        case confirmed(Credential)
        /// Earns and redeems nothing.
        case anonymous(AnonymousReason)

        /// The credential loyalty applies to, only when confirmed.
        public var eligibleCredential: Credential? {
            if case .confirmed(let credential) = self { return credential }
            return nil
        }
    }

    /// What the owner publishes (the service maps these onto its SSE events).
    public enum Event: Sendable, Hashable {
        /// `identified`: the order now belongs to this credential (first scan, or a different one before checkout).
        case identified(Credential)
        /// `confirmation-required`: scan the same credential again before `deadline`.
        case confirmationRequired(Credential, deadline: MonotonicInstant)
        /// `confirmed`: the second scan matched.
        case confirmed(Credential)
        /// `confirmation-failed` with its reason.
        case confirmationFailed(Failure)
        /// Nothing changed; the `scan`/`badge` event may carry this reason.
        case ignored(Credential?, IgnoredReason)
        /// The sale closed with this identity.
        case closed(SaleIdentity)
        /// The order was cancelled.
        case cancelled
    }

    /// The rules in force.
    public let policy: IdentityPolicy
    /// The current phase.
    public private(set) var phase: Phase = .open
    /// The identifying credential while identified, awaiting confirmation or confirmed.
    public private(set) var credential: Credential?
    /// When the second scan is due; non-nil only in `awaitingConfirmation`.
    public private(set) var deadline: MonotonicInstant?
    /// Mismatching second scans so far.
    public private(set) var mismatches = 0
    /// Why the order became anonymous, once it has.
    public private(set) var anonymousReason: AnonymousReason?

    private var identifiedAt: MonotonicInstant?
    private var identifiedVia: Source?
    private var removedSinceIdentification = false
    private var lastMismatch: (credential: Credential, at: MonotonicInstant)?

    /// A new order in `open`, with nobody identified.
    public init(policy: IdentityPolicy) {
        self.policy = policy
    }

    /// True once the order is closed or cancelled: every later input is ignored.
    public var isFinished: Bool { phase == .closed || phase == .cancelled }

    /// Applies one input that happened at `now` and returns the events to publish, in order.
    public mutating func handle(_ input: Input, at now: MonotonicInstant) -> [Event] {
        var events = expireIfDue(at: now)
        switch input {
        case .presented(let presented, let source):
            events += present(presented, via: source, at: now)
        case .badgeRemoved(let uid):
            if case .badge(let identity)? = credential, identity == uid { removedSinceIdentification = true }
        case .checkout:
            events += checkout(at: now)
        case .close:
            events += close()
        case .cancel:
            if isFinished { return events + [.ignored(nil, .orderFinished)] }
            phase = .cancelled
            deadline = nil
            events.append(.cancelled)
        case .tick:
            break
        }
        return events
    }

    private mutating func expireIfDue(at now: MonotonicInstant) -> [Event] {
        guard phase == .awaitingConfirmation, let deadline, now >= deadline, let credential else { return [] }
        becomeAnonymous(.timedOut(credential))
        return [.confirmationFailed(Failure(reason: .timeout, presented: nil, mismatches: mismatches, identityDropped: true))]
    }

    private mutating func present(_ presented: Credential, via source: Source, at now: MonotonicInstant) -> [Event] {
        switch phase {
        case .closed, .cancelled:
            return [.ignored(presented, .orderFinished)]
        case .anonymous:
            return [.ignored(presented, .anonymous)]
        case .confirmed:
            return [.ignored(presented, .alreadyConfirmed)]
        case .open, .identified:
            if policy.counterCustomers.contains(presented) { return [.ignored(presented, .counterCustomer)] }
            if presented == credential { return [.ignored(presented, .beforeCheckout)] }
            phase = .identified
            credential = presented
            identifiedAt = now
            identifiedVia = source
            removedSinceIdentification = false
            return [.identified(presented)]
        case .awaitingConfirmation:
            guard let identity = credential else { return [] }
            if presented == identity { return confirm(identity, via: source, at: now) }
            if let last = lastMismatch, last.credential == presented, now.milliseconds(since: last.at) < Int64(policy.rescanGuardMs) {
                return [.ignored(presented, .doubleRead)]
            }
            lastMismatch = (presented, now)
            mismatches += 1
            let dropped = mismatches >= policy.maxMismatches
            if dropped { becomeAnonymous(.tooManyMismatches(identity)) }
            return [.confirmationFailed(Failure(reason: .mismatch, presented: presented, mismatches: mismatches, identityDropped: dropped))]
        }
    }

    private mutating func confirm(_ identity: Credential, via source: Source, at now: MonotonicInstant) -> [Event] {
        switch source {
        case .badgeReader:
            if identifiedVia == .badgeReader && !removedSinceIdentification { return [.ignored(identity, .badgeNotRemoved)] }
        case .barcodeScanner, .keyboardWedge:
            if let identifiedAt, now.milliseconds(since: identifiedAt) < Int64(policy.rescanGuardMs) {
                return [.ignored(identity, .doubleRead)]
            }
        }
        phase = .confirmed
        deadline = nil
        return [.confirmed(identity)]
    }

    private mutating func checkout(at now: MonotonicInstant) -> [Event] {
        switch phase {
        case .closed, .cancelled:
            return [.ignored(nil, .orderFinished)]
        case .open:
            becomeAnonymous(.nobodyIdentified)
            return []
        case .identified:
            guard let credential else { return [] }
            phase = .awaitingConfirmation
            let due = now.advanced(byMilliseconds: Int64(policy.confirmationTimeoutSeconds) * 1000)
            deadline = due
            return [.confirmationRequired(credential, deadline: due)]
        case .awaitingConfirmation, .confirmed, .anonymous:
            return []
        }
    }

    private mutating func close() -> [Event] {
        let identity: SaleIdentity
        switch phase {
        case .closed, .cancelled:
            return [.ignored(nil, .orderFinished)]
        case .confirmed:
            guard let credential else { return [] }
            identity = .confirmed(credential)
        case .open:
            identity = .anonymous(.nobodyIdentified)
        case .identified, .awaitingConfirmation:
            guard let credential else { return [] }
            identity = .anonymous(.notConfirmed(credential))
        case .anonymous:
            identity = .anonymous(anonymousReason ?? .nobodyIdentified)
        }
        phase = .closed
        deadline = nil
        return [.closed(identity)]
    }

    private mutating func becomeAnonymous(_ reason: AnonymousReason) {
        phase = .anonymous
        anonymousReason = reason
        credential = nil
        deadline = nil
    }
}
