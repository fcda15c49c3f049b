import Foundation
import Storage
import Testing
import TestSupport

/// Long `kioskctl` work shows its progress on stderr when a person watches (stdout is a
/// terminal, here a pseudo-terminal) and stays silent in a pipe, so scripts get clean output.
@Suite("kioskctl progress output")
struct ProgressOutputTests {
    /// The progress updates in a stderr text: the pieces between carriage returns.
    static func updates(_ stderr: String) -> [String] {
        stderr.split(separator: "\r").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    @Test("card generate --count 100000: progress on a terminal, none in a pipe")
    func cardGenerate() async throws {
        let arguments = ["card", "generate", "--count", "100000"]
        let terminal = try await offPool { try TerminalProcessRunner.run(BuiltProducts.kioskctl, arguments) }
        #expect(terminal.status == 0, "\(terminal.stderr)")
        let codes = terminal.stdout.split(separator: "\r\n")
        #expect(codes.count == 100_000, "every code reached the terminal")
        #expect(codes.last == "2990001000001")
        let updates = Self.updates(terminal.stderr)
        #expect(updates.count >= 10, "redrawn as the work advances: \(updates.prefix(5))…")
        #expect(updates.last == "cards: 100000/100000 (100 %)", "\(updates.suffix(3))")
        #expect(terminal.stderr.hasSuffix("\n"), "the finished progress line is ended")
        #expect(!terminal.stdout.contains("cards:"), "progress never mixes into the codes")

        let piped = try await offPool { try ProcessRunner.run(BuiltProducts.kioskctl, arguments) }
        #expect(piped.status == 0)
        #expect(piped.stderr.isEmpty, "no progress when stdout is a pipe: \(piped.stderr.prefix(80))")
        #expect(piped.stdout.split(separator: "\n").count == 100_000)
    }

    @Test("outbox retry --all on 1,500 dead letters: progress per chunk on a terminal, none in a pipe")
    func outboxRetryAll() async throws {
        let directory = TemporaryDirectory(prefix: "kioskctl-progress")
        let count = 1_500
        let store = try await offPool { () throws -> KioskStore in
            let store = try KioskStore(stateDirectory: directory.path)
            for index in 0..<count {
                _ = try store.commitClosedSale(SaleRecord(
                    saleId: "R-\(index)", kioskId: "kiosk-7", storeId: "store-3", closedAt: Date(), accountId: nil,
                    totalCents: 100, payload: Array(#"{"saleId":"R-\#(index)"}"#.utf8)))
            }
            return store
        }
        func deadLetterAll() throws {
            try store.outbox.recordOutcomes((0..<count).map {
                .deadLetter(saleId: "R-\($0)", httpStatus: 422, responseBody: [], reason: "422 invalid sale")
            })
            #expect(try store.outbox.counts().dead == count)
        }

        try deadLetterAll()
        let arguments = ["outbox", "retry", "--all", "--state-dir", directory.path]
        let terminal = try await offPool { try TerminalProcessRunner.run(BuiltProducts.kioskctl, arguments) }
        #expect(terminal.status == 0, "\(terminal.stderr)")
        #expect(terminal.stdout.contains("requeued 1500 dead letter(s)"), "\(terminal.stdout)")
        #expect(Self.updates(terminal.stderr) == [
            "requeued: 500/1500 (33 %)", "requeued: 1000/1500 (66 %)", "requeued: 1500/1500 (100 %)",
        ], "one update per chunk of \(Outbox.retryChunk): \(terminal.stderr)")
        #expect(try store.outbox.counts().pending == count)

        try deadLetterAll()
        let piped = try await offPool { try ProcessRunner.run(BuiltProducts.kioskctl, arguments) }
        #expect(piped.status == 0)
        #expect(piped.stdout.contains("requeued 1500 dead letter(s)"))
        #expect(piped.stderr.isEmpty, "no progress when stdout is a pipe: \(piped.stderr)")
    }
}
