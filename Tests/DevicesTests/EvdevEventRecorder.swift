import Foundation
@testable import Devices

/// Collects everything an `EvdevScanner` reports, so tests can wait for an event with a deadline.
final class EvdevEventRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [ScannerEvent] = []
    private var task: Task<Void, Never>?

    init(_ scanner: EvdevScanner) {
        task = Task { [weak self] in
            for await event in scanner.events { self?.append(event) }
        }
    }

    private func append(_ event: ScannerEvent) { lock.withLock { recorded.append(event) } }

    /// Everything so far, in order.
    var events: [ScannerEvent] { lock.withLock { recorded } }

    /// Waits (up to `seconds`) until `predicate` holds for the events so far; returns whether it did.
    @discardableResult
    func wait(seconds: Double = 10, until predicate: ([ScannerEvent]) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if predicate(events) { return true }
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
        return predicate(events)
    }

    /// Texts of the barcode scans so far.
    var scans: [BarcodeRead] {
        events.compactMap { if case .scan(let read) = $0 { read } else { nil } }
    }

    var badges: [WedgeBadgeRead] {
        events.compactMap { if case .badge(let read) = $0 { read } else { nil } }
    }

    var appeared: [ScannerDeviceInfo] {
        events.compactMap { if case .deviceAppeared(let info) = $0 { info } else { nil } }
    }

    var disappeared: [(String, ScannerDisappearance)] {
        events.compactMap { if case .deviceDisappeared(let path, let reason) = $0 { (path, reason) } else { nil } }
    }

    var discarded: [ScannerDiscard] {
        events.compactMap { if case .discarded(_, let reason) = $0 { reason } else { nil } }
    }

    var errors: [(String, Int32)] {
        events.compactMap { if case .deviceError(let path, let error, _) = $0 { (path, error.code) } else { nil } }
    }
}
