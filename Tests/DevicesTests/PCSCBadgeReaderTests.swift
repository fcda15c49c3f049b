import Devices
import Foundation
import Glibc
import LinuxIO
import Testing
import TestSupport

/// The badge reader against the real pcscd and the vpcd virtual reader, with a `VirtualCard`.
@Suite("PC/SC badge reader with pcscd and vpcd", .serialized)
struct PCSCBadgeReaderTests {
    static let reader = VirtualCard.readerName
    /// Watch only the first vpcd slot, where the virtual card goes.
    static let configuration = BadgeReaderConfiguration(
        readerName: reader,
        backoff: BadgeReaderBackoff(initialDelay: .milliseconds(50), maximumDelay: .milliseconds(400))
    )

    @Test("insert gives the UID, removal is reported, a second insert gives the UID again")
    func insertRemoveInsert() async throws {
        try await PCSCDHarness.withExclusiveAccess { _ in
            let badgeReader = try BadgeReader(configuration: Self.configuration)
            let log = BadgeReaderEventLog.recording(badgeReader)
            badgeReader.start()
            try await log.next(.readerAppeared(Self.reader))

            var latencies: [Double] = []
            for round in 1...2 {
                let card = try VirtualCard(uidHex: "04A1B2C3D4E5F6")
                let inserted = try await log.next(.cardInserted(reader: Self.reader, uid: "04A1B2C3D4E5F6"))
                latencies.append(Double(inserted.arrivedAt - card.insertedAt) / 1e6)
                #expect(card.receivedCommands == [BadgeUIDCommand.apdu], "round \(round): the reader sent FF CA 00 00 00 once")
                card.remove()
                try await log.next(.cardRemoved(reader: Self.reader))
            }
            await badgeReader.stop()
            try await log.waitUntilFinished()

            let events = await log.events
            #expect(events == [
                .serviceAvailable, .readerAppeared(Self.reader),
                .cardInserted(reader: Self.reader, uid: "04A1B2C3D4E5F6"), .cardRemoved(reader: Self.reader),
                .cardInserted(reader: Self.reader, uid: "04A1B2C3D4E5F6"), .cardRemoved(reader: Self.reader),
            ], "exactly one event per change, in order")
            print("PC/SC insert-to-event latency (ms): \(latencies.map { String(format: "%.0f", $0) }.joined(separator: ", "))")
        }
    }
}
