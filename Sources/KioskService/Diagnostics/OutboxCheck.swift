import Foundation
import Storage

/// Are closed sales leaving the kiosk? Reads the outbox in the state directory's SQLite file:
/// how many sales wait, how old the oldest is, and how many the backend refused for good
/// (dead letters, which only a technician can send again).
public struct OutboxCheck: DiagnosticCheck {
    public let id = "outbox"
    public init() {}

    public func run(in environment: DiagnosticEnvironment) -> DiagnosticResult {
        let title = "outbox draining (sales relayed to the backend)"
        let file = (environment.stateDirectory as NSString).appendingPathComponent(KioskStore.databaseFileName)
        guard FileManager.default.fileExists(atPath: file) else {
            return DiagnosticResult(id: id, title: title, status: .ok, evidence: "no \(file) yet: no sale was closed on this kiosk")
        }
        let counts: OutboxCounts
        do {
            let store = try KioskStore(path: file, busyTimeoutMilliseconds: 2_000)
            counts = try store.outbox.counts()
        } catch {
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: "cannot read the outbox in \(file): \(error)",
                fix: "run kioskctl as root or as \(environment.daemonUser); ls -l \(environment.stateDirectory) (the files belong to \(environment.daemonUser)); "
                    + "if the file is damaged, stop kioskd and keep a copy before anything else")
        }
        var facts = ["\(counts.pending) sale(s) waiting"]
        var age: TimeInterval = 0
        if let oldest = counts.oldestPendingAt {
            age = max(0, environment.now.timeIntervalSince(oldest))
            facts.append("the oldest for \(DurationText.describe(seconds: Int(age)))")
        }
        facts.append("\(counts.dead) dead letter(s)")
        let evidence = facts.joined(separator: ", ") + " in \(file)"
        if counts.dead > 0 {
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: evidence + ": the backend refused \(counts.dead) sale(s) for good",
                fix: "kioskctl outbox list shows each refusal and the backend's answer; fix the cause with the backend's operator, then kioskctl outbox retry")
        }
        if counts.pending > 0 && age >= environment.outboxStuckAfter {
            return DiagnosticResult(
                id: id, title: title, status: .failed, evidence: evidence + ": the outbox is stuck",
                fix: "see the daemon and backend checks: kioskd relays by itself as soon as the backend answers and accepts its token (no sale is lost meanwhile)")
        }
        return DiagnosticResult(id: id, title: title, status: .ok, evidence: evidence)
    }
}
