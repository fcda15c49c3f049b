@testable import Devices
import Foundation
import Glibc
import Identity
import LinuxIO
import Testing
import TestSupport

/// The badge reader against the real pcscd and the vpcd virtual reader, with a `VirtualCard`.
///
/// Every test holds `PCSCDHarness.withExclusiveAccess` (one pcscd, one vpcd slot per machine).
@Suite("PC/SC badge reader with pcscd and vpcd", .serialized)
struct PCSCBadgeReaderTests {
    static let reader = VirtualCard.readerName
    /// Watch only the first vpcd slot, where the virtual card goes; reconnect fast.
    static let configuration = BadgeReaderConfiguration(
        readerName: reader,
        backoff: BadgeReaderBackoff(initialDelay: .milliseconds(50), maximumDelay: .milliseconds(400))
    )
    static let alice = "04A1B2C3D4E5F6"
    static let bob = "08C0FFEE"

    static func uid(_ hex: String) -> CardUID { try! CardUID(hex: hex) }

    /// A started reader and its event log, stopped after `body`.
    static func withReader(_ body: (BadgeReader, BadgeReaderEventLog) async throws -> Void) async throws {
        let badgeReader = try BadgeReader(configuration: configuration)
        let log = BadgeReaderEventLog.recording(badgeReader)
        badgeReader.start()
        do {
            try await body(badgeReader, log)
        } catch {
            await badgeReader.stop()
            throw error
        }
        await badgeReader.stop()
        try await log.waitUntilFinished()
    }

    @Test("insert gives the UID, removal is reported, a second insert gives the UID again")
    func insertRemoveInsert() async throws {
        try await PCSCDHarness.withExclusiveAccess { _ in
            var latencies: [Double] = []
            var exchanges: [Double] = []
            try await Self.withReader { _, log in
                try await log.next(.readerAppeared(Self.reader))
                for round in 1...2 {
                    let card = try VirtualCard(uidHex: Self.alice)
                    let inserted = try await log.next(.cardInserted(reader: Self.reader, uid: Self.uid(Self.alice)))
                    latencies.append(Double(inserted.arrivedAt - card.insertedAt) / 1e6)
                    exchanges.append(Double(inserted.arrivedAt - (card.firstCommandAt ?? inserted.arrivedAt)) / 1e6)
                    #expect(card.receivedCommands == [BadgeUIDCommand.apdu], "round \(round): the reader sent FF CA 00 00 00 once")
                    card.remove()
                    try await log.next(.cardRemoved(reader: Self.reader))
                }
                let events = await log.events
                #expect(events == [
                    .serviceAvailable, .readerAppeared(Self.reader),
                    .cardInserted(reader: Self.reader, uid: Self.uid(Self.alice)), .cardRemoved(reader: Self.reader),
                    .cardInserted(reader: Self.reader, uid: Self.uid(Self.alice)), .cardRemoved(reader: Self.reader),
                ], "exactly one event per change, in order")
            }
            print("PC/SC insert-to-event latency (ms): \(latencies.map { String(format: "%.0f", $0) }.joined(separator: ", "))"
                + "; FF CA received-to-event (ms): \(exchanges.map { String(format: "%.1f", $0) }.joined(separator: ", "))")
        }
    }

    @Test("without a filter every reader is watched: a card in each vpcd slot is reported under its reader")
    func twoReaders() async throws {
        try await PCSCDHarness.withExclusiveAccess { _ in
            let second = "Virtual PCD 00 01"
            let everyReader = BadgeReaderConfiguration(backoff: Self.configuration.backoff)
            let badgeReader = try BadgeReader(configuration: everyReader)
            let log = BadgeReaderEventLog.recording(badgeReader)
            badgeReader.start()
            try await log.next(.readerAppeared(Self.reader))
            try await log.next(.readerAppeared(second))

            let inFirst = try VirtualCard(uidHex: Self.alice)
            let inSecond = try VirtualCard(uidHex: Self.bob, port: VirtualCard.vpcdPort + 1)
            try await log.waitUntil("a card in each slot") { events in
                events.contains(.cardInserted(reader: Self.reader, uid: Self.uid(Self.alice)))
                    && events.contains(.cardInserted(reader: second, uid: Self.uid(Self.bob)))
            }
            inSecond.remove()
            try await log.next(.cardRemoved(reader: second))
            inFirst.remove()
            try await log.next(.cardRemoved(reader: Self.reader))
            await badgeReader.stop()
            try await log.waitUntilFinished()
        }
    }

    /// A card that answers `FF CA 00 00 00` wrongly, and what the reader must report.
    struct BadCard: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let responder: VirtualCard.Responder
        /// Take the card away this long after it received the command (a card that never answers).
        let removeAfterCommand: Duration?
        let expected: @Sendable (BadgeReadError) -> Bool

        static func answering(_ name: String, _ bytes: [UInt8], expect error: BadgeReadError) -> BadCard {
            BadCard(testDescription: name, responder: { _ in .respond(bytes) }, removeAfterCommand: nil, expected: { $0 == error })
        }

        /// An answer that never came: empty, or the exchange failed.
        static let isLostAnswer: @Sendable (BadgeReadError) -> Bool = { error in
            if case .exchangeFailed = error { return true }
            return error == .responseTooShort([])
        }

        static let all: [BadCard] = [
            .answering("status word 6A 81 (function not supported)", [0x6A, 0x81], expect: .statusWord(0x6A, 0x81)),
            .answering("a one-byte answer", [0x90], expect: .responseTooShort([0x90])),
            .answering("90 00 without a UID", [0x90, 0x00], expect: .implausibleUIDLength(0)),
            .answering("a 17-byte UID", [UInt8](repeating: 0xAB, count: 17) + [0x90, 0x00], expect: .implausibleUIDLength(17)),
            // vpcd turns a card gone mid-command into an empty answer; a CCID reader into an error.
            BadCard(testDescription: "no answer, then taken away", responder: { _ in .silence },
                    removeAfterCommand: .milliseconds(150), expected: isLostAnswer),
            BadCard(testDescription: "hangs up mid-command", responder: { _ in .hangUp },
                    removeAfterCommand: nil, expected: isLostAnswer),
        ]
    }

    @Test("a card answering garbage is reported unreadable, then removed, and the next card reads", arguments: BadCard.all)
    func garbage(card bad: BadCard) async throws {
        try await PCSCDHarness.withExclusiveAccess { _ in
            try await Self.withReader { _, log in
                try await log.next(.readerAppeared(Self.reader))
                let card = try VirtualCard(responder: bad.responder)
                if let delay = bad.removeAfterCommand {
                    let deadline = ContinuousClock.now + .seconds(5)
                    while card.receivedCommands.isEmpty && ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    try await Task.sleep(for: delay)
                    card.remove()
                }
                let unreadable = try await log.next("cardUnreadable") {
                    if case .cardUnreadable = $0 { true } else { false }
                }
                if case .cardUnreadable(let reader, let error) = unreadable.event {
                    #expect(reader == Self.reader)
                    #expect(bad.expected(error), "reported as \(error)")
                }
                card.remove()
                try await log.next(.cardRemoved(reader: Self.reader))

                let good = try VirtualCard(uidHex: Self.bob)
                defer { good.remove() }
                try await log.next(.cardInserted(reader: Self.reader, uid: Self.uid(Self.bob)))
            }
        }
    }

    @Test("pcscd killed and started again: the same reader object sees the reader come back", arguments: [SIGKILL, SIGTERM])
    func recovery(signal: Int32) async throws {
        try await PCSCDHarness.withExclusiveAccess { pcscd in
            try await Self.withReader { _, log in
                try await log.next(.readerAppeared(Self.reader))
                let first = try VirtualCard(uidHex: Self.alice)
                defer { first.remove() }
                try await log.next(.cardInserted(reader: Self.reader, uid: Self.uid(Self.alice)))
                let start = await log.entries.count

                try await pcscd.stopDaemon(signal: signal)
                try await log.next(.cardRemoved(reader: Self.reader))
                try await log.next(.readerDisappeared(Self.reader))
                try await Task.sleep(for: .milliseconds(500))
                try await pcscd.ensureRunning()
                try await log.next(.serviceAvailable)
                try await log.next(.readerAppeared(Self.reader))

                let outage = await log.events(from: start)
                let failures = outage.compactMap { event -> (error: PCSCError, delay: Duration)? in
                    if case .unavailable(let error, let delay) = event { (error, delay) } else { nil }
                }
                // How the broken socket shows varies (SCARD_F_COMM_ERROR, or a garbled answer such
                // as SCARD_W_SECURITY_VIOLATION); while pcscd is down, reconnecting says NO_SERVICE.
                #expect(failures.contains { $0.error == PCSCError(call: "SCardEstablishContext", status: .noService) },
                        "reconnection attempts while pcscd is down: \(failures)")
                let delays = failures.map(\.delay)
                #expect(delays.first == .milliseconds(50), "first retry after the initial delay; saw \(delays)")
                #expect(delays.count >= 3, "several attempts while pcscd was down; saw \(delays)")
                #expect(delays == delays.sorted() && delays.allSatisfy { $0 <= .milliseconds(400) },
                        "delays grow and stay under the maximum: \(delays)")

                first.remove()
                let second = try VirtualCard(uidHex: Self.bob)
                defer { second.remove() }
                try await log.next(.cardInserted(reader: Self.reader, uid: Self.uid(Self.bob)))
            }
        }
    }

    @Test("started while pcscd is down: SCARD_E_NO_SERVICE, then the reader once pcscd starts")
    func startWithoutDaemon() async throws {
        try await PCSCDHarness.withExclusiveAccess { pcscd in
            try await pcscd.stopDaemon(signal: SIGTERM)
            try await Self.withReader { _, log in
                let unavailable = try await log.next("unavailable") { if case .unavailable = $0 { true } else { false } }
                #expect(unavailable.event == .unavailable(PCSCError(call: "SCardEstablishContext", status: .noService), retryIn: .milliseconds(50)))
                #expect("\(unavailable.event)" == "PC/SC unavailable (SCardEstablishContext: SCARD_E_NO_SERVICE (0x8010001D)), retrying in 50 ms")
                try await pcscd.ensureRunning()
                try await log.next(.serviceAvailable)
                try await log.next(.readerAppeared(Self.reader))
            }
        }
    }

    @Test("idle: one blocked SCardGetStatusChange and no CPU; stop() ends the wait at once")
    func idleAndStop() async throws {
        try await PCSCDHarness.withExclusiveAccess { _ in
            let badgeReader = try BadgeReader(configuration: Self.configuration)
            let log = BadgeReaderEventLog.recording(badgeReader)
            badgeReader.start()
            try await log.next(.readerAppeared(Self.reader))
            try await Task.sleep(for: .milliseconds(300))

            let waits = badgeReader.waitCount
            let cpu = try #require(badgeReader.threadCPUTime)
            try await Task.sleep(for: .seconds(1))
            #expect(badgeReader.waitCount == waits, "no new SCardGetStatusChange while nothing happens")
            let used = try #require(badgeReader.threadCPUTime) - cpu
            #expect(used < .milliseconds(5), "the reader thread used \(used) of CPU in 1 s of idling")

            let clock = ContinuousClock()
            let stopping = clock.now
            await badgeReader.stop()
            let stopTime = clock.now - stopping
            try await log.waitUntilFinished(timeout: .seconds(1))
            #expect(stopTime < .seconds(1), "stop() took \(stopTime)")
            print("PC/SC idle: \(used) CPU in 1 s; stop() took \(stopTime)")
        }
    }
}
