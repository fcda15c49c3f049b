import Devices
import Foundation
import Identity

/// The PC/SC readers pcscd lists now, each with whether a card is on it and, when asked,
/// the card's UID (`FF CA 00 00 00`). Used by `kioskctl doctor` and `kioskctl devices`.
///
/// One `SCardGetStatusChange` with a zero timeout reads every reader's state at once: nothing
/// waits for a card. Connecting to a present card is shared (`SCARD_SHARE_SHARED`) and leaves
/// it powered, so a running daemon is not disturbed.
public struct PCSCReaderSurvey: Sendable {
    /// One reader as pcscd sees it.
    public struct Reader: Sendable, Equatable {
        /// What is on the reader.
        public enum Card: String, Sendable {
            case present, empty
            /// A card is there but did not answer the reset.
            case mute
            /// pcscd cannot read the reader's state (unplugged meanwhile, driver trouble).
            case unavailable
        }

        public let name: String
        public let card: Card
        /// The card's answer to reset, when a card is present.
        public let answerToReset: [UInt8]
        /// The badge UID, when asked for and the card gave one.
        public let uid: CardUID?
        /// Why the UID could not be read, when asked for.
        public let uidProblem: String?
        /// pcscd's state flags, as words (`PRESENT|INUSE`).
        public let flags: String
    }

    /// What pcscd answered.
    public enum Outcome: Sendable {
        /// pcscd could not be reached (`SCardEstablishContext` failed).
        case serviceUnavailable(PCSCError)
        /// pcscd accepted the connection but did not answer within the timeout (hung).
        case serviceNotAnswering(milliseconds: Int)
        /// The readers pcscd lists, possibly none.
        case readers([Reader])
    }

    /// `take(readUIDs:socketPath:)` on a thread of its own, given up after `timeoutMilliseconds`:
    /// a hung pcscd (or anything else listening on its socket) blocks libpcsclite's calls
    /// without a timeout. The abandoned thread ends with the process.
    public static func take(readUIDs: Bool, socketPath: String? = nil, timeoutMilliseconds: Int) -> Outcome {
        let box = SurveyBox()
        let thread = Thread {
            box.set(take(readUIDs: readUIDs, socketPath: socketPath))
        }
        thread.name = "kioskctl-pcsc"
        thread.start()
        guard box.done.wait(timeout: .now() + .milliseconds(timeoutMilliseconds)) == .success, let outcome = box.value else {
            return .serviceNotAnswering(milliseconds: timeoutMilliseconds)
        }
        return outcome
    }

    /// Asks pcscd for its readers and their state.
    ///
    /// With a `socketPath`, libpcsclite is pointed at that pcscd socket (the `PCSCLITE_CSOCK_NAME`
    /// variable, read by the library at its first call: one socket per process).
    /// - Parameter readUIDs: also connect to each present card and read its UID.
    public static func take(readUIDs: Bool, socketPath: String? = nil) -> Outcome {
        if let socketPath { setenv("PCSCLITE_CSOCK_NAME", socketPath, 1) }
        let context: PCSCContext
        do {
            context = try PCSCContext.establish()
        } catch {
            return .serviceUnavailable(error)
        }
        let names: [String]
        do {
            names = try context.readerNames()
        } catch {
            return .serviceUnavailable(error)
        }
        var readers: [Reader] = []
        for batch in stride(from: 0, to: names.count, by: PCSCContext.maximumWaitEntries) {
            var states = names[batch..<min(names.count, batch + PCSCContext.maximumWaitEntries)]
                .map { PCSCReaderState(reader: $0, known: .unaware) }
            do {
                try context.waitForStatusChange(&states, timeoutMilliseconds: 0)
            } catch {
                readers += states.map {
                    Reader(name: $0.reader, card: .unavailable, answerToReset: [], uid: nil, uidProblem: nil, flags: "\(error.status)")
                }
                continue
            }
            for state in states {
                let flags = state.observed.flags
                let card: Reader.Card
                if flags.contains(.unavailable) || flags.contains(.unknown) {
                    card = .unavailable
                } else if flags.contains(.mute) {
                    card = .mute
                } else if flags.contains(.present) {
                    card = .present
                } else {
                    card = .empty
                }
                var uid: CardUID?
                var problem: String?
                if readUIDs && card == .present {
                    do {
                        let connection = try context.connect(reader: state.reader)
                        defer { connection.disconnect() }
                        uid = try BadgeUIDCommand.uid(fromResponse: try connection.transmit(BadgeUIDCommand.apdu))
                    } catch {
                        problem = "\(error)"
                    }
                }
                readers.append(Reader(
                    name: state.reader, card: card, answerToReset: card == .present ? state.answerToReset : [],
                    uid: uid, uidProblem: problem, flags: "\(flags)"))
            }
        }
        return .readers(readers)
    }

    /// `3B 8F 80 01` for an answer to reset.
    public static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02X", $0) }.joined(separator: " ")
    }
}

/// The survey thread's result, handed to the waiting thread.
private final class SurveyBox: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: PCSCReaderSurvey.Outcome?
    let done = DispatchSemaphore(value: 0)

    func set(_ value: PCSCReaderSurvey.Outcome) {
        lock.lock()
        outcome = value
        lock.unlock()
        done.signal()
    }

    var value: PCSCReaderSurvey.Outcome? {
        lock.lock()
        defer { lock.unlock() }
        return outcome
    }
}
