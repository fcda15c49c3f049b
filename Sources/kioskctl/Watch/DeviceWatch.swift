import Devices
import Foundation
import Identity
import KioskService
import LinuxIO
import StrictJSON

/// `kioskctl watch` without the daemon: the evdev scanners and the PC/SC readers, read with
/// the daemon's own `EvdevScanner` and `BadgeReader`, their events printed as they come.
enum DeviceWatch {
    /// One line to print; `counts` says whether `--count` counts it.
    struct Item: Sendable {
        let source: String
        let text: String
        let fields: JSONObject
        let counts: Bool
    }

    static func run(
        scanner: ScannerConfiguration, badgeReader: BadgeReaderConfiguration?, identity: IdentityPolicy,
        output: WatchOutput, bounds: WatchBounds
    ) async -> ExitCode {
        let (items, sink) = AsyncStream.makeStream(of: Item.self)
        var tasks: [Task<Void, Never>] = []
        var evdev: EvdevScanner?
        do {
            let reader = try EvdevScanner(configuration: scanner, classifier: CredentialClassifier(policy: identity))
            try reader.start()
            evdev = reader
            tasks.append(Task { for await event in reader.events { sink.yield(item(event)) } })
        } catch {
            output.note("cannot read the scanners: \(error)")
        }
        var pcsc: BadgeReader?
        if let badgeReader, badgeReader.enabled {
            do {
                let reader = try BadgeReader(configuration: badgeReader)
                reader.start()
                pcsc = reader
                tasks.append(Task {
                    var lastUnavailable: String?
                    for await event in reader.events {
                        if case .unavailable(let error, _) = event {
                            // pcscd missing: say it once, not at every retry.
                            guard lastUnavailable != "\(error)" else { continue }
                            lastUnavailable = "\(error)"
                        } else {
                            lastUnavailable = nil
                        }
                        sink.yield(item(event))
                    }
                })
            } catch {
                output.note("cannot watch the PC/SC readers: \(error)")
            }
        }
        if let deadline = bounds.deadline {
            tasks.append(Task {
                let now = monotonicNanoseconds()
                if deadline > now { try? await Task.sleep(for: .nanoseconds(Int64(deadline - now))) }
                sink.finish()
            })
        }
        if evdev == nil && pcsc == nil { sink.finish() }
        var seen = 0
        for await item in items {
            output.emit(source: item.source, text: item.text, fields: item.fields)
            if item.counts {
                seen += 1
                if seen >= bounds.count { break }
            }
        }
        for task in tasks { task.cancel() }
        await evdev?.stop()
        await pcsc?.stop(timeout: .seconds(2))
        return .ok
    }

    static func item(_ event: ScannerEvent) -> Item {
        switch event {
        case .scan(let read):
            var fields = JSONObject([(key: "event", value: "scan"), (key: "device", value: .string(read.device)), (key: "code", value: .string(read.text))])
            fields["valid"] = .bool(read.isValid)
            fields["classification"] = .string("\(read.classification)")
            return Item(source: "scanner", text: "scan \(read.text) (\(read.classification)) on \(read.device)", fields: fields, counts: true)
        case .badge(let read):
            let fields = JSONObject([(key: "event", value: "badge"), (key: "device", value: .string(read.device)), (key: "uid", value: .string("\(read.uid)"))])
            return Item(source: "scanner", text: "badge \(read.uid) typed by wedge reader \(read.device)", fields: fields, counts: true)
        case .deviceAppeared(let info):
            return Item(source: "scanner", text: "opened \(info)", fields: JSONObject([(key: "event", value: "device"), (key: "state", value: "opened"), (key: "device", value: .string(info.path))]), counts: false)
        case .deviceDisappeared(let path, let reason):
            return Item(source: "scanner", text: "\(path) gone: \(reason)", fields: JSONObject([(key: "event", value: "device"), (key: "state", value: "gone"), (key: "device", value: .string(path)), (key: "detail", value: .string("\(reason)"))]), counts: false)
        case .deviceError(let path, let error, let retry):
            return Item(source: "scanner", text: "\(path): \(error), retrying in \(retry) ms", fields: JSONObject([(key: "event", value: "device"), (key: "state", value: "error"), (key: "device", value: .string(path)), (key: "detail", value: .string("\(error)"))]), counts: false)
        case .discarded(let path, let reason):
            return Item(source: "scanner", text: "\(path): discarded \(reason)", fields: JSONObject([(key: "event", value: "discarded"), (key: "device", value: .string(path)), (key: "detail", value: .string("\(reason)"))]), counts: false)
        }
    }

    static func item(_ event: BadgeReaderEvent) -> Item {
        switch event {
        case .cardInserted(let reader, let uid):
            return Item(source: "pcsc", text: "badge \(uid) on '\(reader)'", fields: JSONObject([(key: "event", value: "badge"), (key: "reader", value: .string(reader)), (key: "uid", value: .string("\(uid)"))]), counts: true)
        case .cardUnreadable(let reader, let error):
            return Item(source: "pcsc", text: "unreadable card on '\(reader)': \(error)", fields: JSONObject([(key: "event", value: "badge-unreadable"), (key: "reader", value: .string(reader)), (key: "detail", value: .string("\(error)"))]), counts: true)
        case .cardRemoved(let reader):
            return Item(source: "pcsc", text: "card removed from '\(reader)'", fields: JSONObject([(key: "event", value: "card-removed"), (key: "reader", value: .string(reader))]), counts: true)
        case .readerAppeared(let reader):
            return Item(source: "pcsc", text: "reader '\(reader)' appeared", fields: JSONObject([(key: "event", value: "reader"), (key: "state", value: "appeared"), (key: "reader", value: .string(reader))]), counts: false)
        case .readerDisappeared(let reader):
            return Item(source: "pcsc", text: "reader '\(reader)' disappeared", fields: JSONObject([(key: "event", value: "reader"), (key: "state", value: "disappeared"), (key: "reader", value: .string(reader))]), counts: false)
        case .serviceAvailable:
            return Item(source: "pcsc", text: "pcscd answers", fields: JSONObject([(key: "event", value: "service"), (key: "state", value: "available")]), counts: false)
        case .unavailable(let error, _):
            return Item(source: "pcsc", text: "pcscd unavailable (\(error)); retrying by itself", fields: JSONObject([(key: "event", value: "service"), (key: "state", value: "unavailable"), (key: "detail", value: .string("\(error)"))]), counts: false)
        }
    }
}
