import Identity

/// The blocking side of the badge reader: runs on its own thread, calls libpcsclite, feeds the
/// `BadgeReaderTracker` and emits what it decides.
///
/// One iteration lists the readers, then waits in `SCardGetStatusChange` with an infinite
/// timeout on every watched reader plus the plug-and-play pseudo-reader, so the thread sleeps
/// until a card or a reader comes or goes. When pcscd is lost, the context is released and a
/// new one is established after the back-off delay; the tracker's events make the service see
/// the readers disappear and come back.
final class BadgeReaderLoop: @unchecked Sendable {
    /// After this many wake-ups in a row that changed nothing, the loop pauses for the back-off's
    /// initial delay before waiting again, so a misbehaving pcscd cannot make it spin.
    static let quietWakeUpLimit = 8

    private let configuration: BadgeReaderConfiguration
    private let control: BadgeReaderControl
    private let emit: @Sendable (BadgeReaderEvent) -> Void
    private var tracker = BadgeReaderTracker()
    private var failures = 0

    init(configuration: BadgeReaderConfiguration, control: BadgeReaderControl, emit: @escaping @Sendable (BadgeReaderEvent) -> Void) {
        self.configuration = configuration
        self.control = control
        self.emit = emit
    }

    /// Runs until `control.requestStop()`; returns after the context is released.
    func run() {
        while !control.isStopping {
            do throws(PCSCError) {
                let context = try PCSCContext.establish()
                try withExtendedLifetime(context) { () throws(PCSCError) in
                    control.attach(context.canceller)
                    defer { control.detach() }
                    emit(.serviceAvailable)
                    try watch(context)
                }
            } catch {
                perform(tracker.serviceLost())
                if control.isStopping { break }
                failures += 1
                let delay = configuration.backoff.delay(afterFailures: failures)
                emit(.unavailable(error, retryIn: delay))
                control.sleep(for: delay)
            }
        }
    }

    /// Lists and waits until stopped.
    /// - Throws: `PCSCError` when pcscd fails; the caller reconnects.
    private func watch(_ context: PCSCContext) throws(PCSCError) {
        var quietWakeUps = 0
        while !control.isStopping {
            let names = try context.readerNames().filter { configuration.accepts(readerName: $0) }
            var progress = perform(tracker.listed(names))
            var states = tracker.waitEntries
            control.countWait()
            do {
                try context.waitForStatusChange(&states)
                failures = 0
                let actions = tracker.observed(states)
                progress = progress || !actions.isEmpty
                try perform(actions, with: context)
            } catch where error.status == .cancelled || error.status == .timeout || error.status == .unknownReader {
                // Stop requested, or a reader left between the listing and the wait: list again.
            }
            quietWakeUps = progress ? 0 : quietWakeUps + 1
            if quietWakeUps >= Self.quietWakeUpLimit {
                quietWakeUps = 0
                control.sleep(for: configuration.backoff.initialDelay)
            }
        }
    }

    /// Emits the events among `actions`; returns whether there was any.
    @discardableResult
    private func perform(_ actions: [BadgeReaderTracker.Action]) -> Bool {
        for case .emit(let event) in actions { emit(event) }
        return !actions.isEmpty
    }

    /// Emits events and reads cards, in order.
    /// - Throws: `PCSCError` when a card read shows pcscd is gone.
    private func perform(_ actions: [BadgeReaderTracker.Action], with context: PCSCContext) throws(PCSCError) {
        for action in actions {
            switch action {
            case .emit(let event):
                emit(event)
            case .readCard(let reader):
                let result = try readUID(in: reader, with: context)
                perform(tracker.cardRead(reader: reader, result: result))
            }
        }
    }

    /// Connects to the card in `reader`, sends `FF CA 00 00 00` and parses the answer.
    /// - Throws: `PCSCError` only when pcscd is gone; any other failure is the card's and is returned.
    private func readUID(in reader: String, with context: PCSCContext) throws(PCSCError) -> Result<CardUID, BadgeReadError> {
        let response: [UInt8]
        do {
            let card = try context.connect(reader: reader)
            defer { card.disconnect() }
            response = try card.transmit(BadgeUIDCommand.apdu)
        } catch where error.meansServiceLost {
            throw error
        } catch {
            return .failure(.exchangeFailed(error))
        }
        do {
            return .success(try BadgeUIDCommand.uid(fromResponse: response))
        } catch {
            return .failure(error)
        }
    }
}
