import Identity

/// The pure state machine behind the badge reader: what pcscd reports in, events and card
/// reads out. It performs no I/O; the loop that owns it calls libpcsclite and feeds it.
///
/// It keeps, for each watched reader, the state word last seen (passed back as
/// `dwCurrentState`, so the next wait blocks until something differs) and whether a card has
/// been reported on it, which is what makes every reported card end with one `cardRemoved`.
struct BadgeReaderTracker: Sendable {
    /// What the loop must do next, in order.
    enum Action: Sendable, Hashable {
        /// Hand this event to the service.
        case emit(BadgeReaderEvent)
        /// Connect to the card in this reader, send `FF CA 00 00 00`, and report the outcome
        /// with `cardRead(reader:result:)`.
        case readCard(reader: String)
    }

    private struct Reader: Sendable {
        var status: PCSCReaderStatus = .unaware
        var cardReported = false
    }

    /// The most readers watched at once: one `SCardGetStatusChange` takes 16 entries and one
    /// is the plug-and-play notification.
    static let maximumReaders = PCSCContext.maximumWaitEntries - 1

    /// The watched readers, in the order pcscd listed them.
    private(set) var readerNames: [String] = []
    private var readers: [String: Reader] = [:]
    private var plugAndPlay: PCSCReaderStatus = .unaware

    /// The entries of the next `SCardGetStatusChange`: each watched reader with the state last
    /// seen, then the plug-and-play notification pseudo-reader.
    var waitEntries: [PCSCReaderState] {
        readerNames.map { PCSCReaderState(reader: $0, known: readers[$0]?.status ?? .unaware) }
            + [PCSCReaderState(reader: PCSCReaderState.plugAndPlayNotification, known: plugAndPlay)]
    }

    /// pcscd now lists `names` (already filtered by the configuration). Readers no longer listed
    /// disappear (after their card, if any, is removed); new ones appear, at most `maximumReaders`.
    mutating func listed(_ names: [String]) -> [Action] {
        var unique: [String] = []
        for name in names where !unique.contains(name) && unique.count < Self.maximumReaders { unique.append(name) }
        var actions: [Action] = []
        for name in readerNames where !unique.contains(name) {
            actions += forget(name)
        }
        for name in unique where readers[name] == nil {
            readers[name] = Reader()
            actions.append(.emit(.readerAppeared(name)))
        }
        readerNames = unique
        return actions
    }

    /// `SCardGetStatusChange` returned these entries (those of `waitEntries`, filled in).
    mutating func observed(_ states: [PCSCReaderState]) -> [Action] {
        var actions: [Action] = []
        for state in states {
            if state.reader == PCSCReaderState.plugAndPlayNotification {
                plugAndPlay = state.observed.acknowledged
                continue
            }
            guard var reader = readers[state.reader] else { continue }
            let previous = reader.status
            let current = state.observed
            reader.status = current.acknowledged
            defer { readers[state.reader] = reader }
            guard current.flags.contains(.changed) else { continue }

            let flags = current.flags
            if !flags.isDisjoint(with: [.unknown, .unavailable, .ignore]) {
                // The reader is going away; the next listing drops it.
                if reader.cardReported {
                    reader.cardReported = false
                    actions.append(.emit(.cardRemoved(reader: state.reader)))
                }
                continue
            }
            let present = flags.contains(.present)
            // The counter moves on each insertion and removal: a card swapped between two
            // waits shows as present before and after, with a different count.
            let swapped = previous != .unaware && previous.eventCount != current.eventCount
            if reader.cardReported && (!present || swapped) {
                reader.cardReported = false
                actions.append(.emit(.cardRemoved(reader: state.reader)))
            }
            if present && !reader.cardReported {
                if flags.contains(.mute) {
                    reader.cardReported = true
                    actions.append(.emit(.cardUnreadable(reader: state.reader, error: .unresponsiveCard)))
                } else {
                    actions.append(.readCard(reader: state.reader))
                }
            }
        }
        return actions
    }

    /// The card read requested by `.readCard` gave `result`. The card counts as reported either
    /// way, so its removal will be announced.
    mutating func cardRead(reader name: String, result: Result<CardUID, BadgeReadError>) -> [Action] {
        guard var reader = readers[name], !reader.cardReported else { return [] }
        reader.cardReported = true
        readers[name] = reader
        switch result {
        case .success(let uid): return [.emit(.cardInserted(reader: name, uid: uid))]
        case .failure(let error): return [.emit(.cardUnreadable(reader: name, error: error))]
        }
    }

    /// The connection to pcscd is lost: every reader disappears (its card, if any, first).
    mutating func serviceLost() -> [Action] {
        let actions = readerNames.flatMap { forget($0) }
        readerNames = []
        plugAndPlay = .unaware
        return actions
    }

    private mutating func forget(_ name: String) -> [Action] {
        guard let reader = readers.removeValue(forKey: name) else { return [] }
        var actions: [Action] = []
        if reader.cardReported { actions.append(.emit(.cardRemoved(reader: name))) }
        actions.append(.emit(.readerDisappeared(name)))
        return actions
    }
}
