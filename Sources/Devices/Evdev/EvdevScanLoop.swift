import Glibc
import Identity
import LinuxIO

/// The body of `EvdevScanner`'s thread: owns every device descriptor, the inotify watch and
/// the assemblers. Created on the owner's thread, then used only by the reading thread.
final class EvdevScanLoop: @unchecked Sendable {
    private let configuration: ScannerConfiguration
    private let classifier: CredentialClassifier
    private let wake: EventFD
    private var watch: DirectoryWatch
    private let emit: @Sendable (ScannerEvent) -> Void
    private let statistics: ScanLoopStatistics
    private var slots: [DeviceSlot] = []
    /// Directories whose changes may bring a device (back); unwatched ones are retried on the back-off.
    private let directories: [String]
    /// Largest read per call, in records.
    static let recordsPerRead = 64
    /// A device open this long before it fails is reopened from the first back-off step.
    static let stableAfterNanoseconds: UInt64 = 2_000_000_000

    init(configuration: ScannerConfiguration, classifier: CredentialClassifier, wake: EventFD, watch: DirectoryWatch,
         statistics: ScanLoopStatistics, emit: @escaping @Sendable (ScannerEvent) -> Void) {
        self.statistics = statistics
        self.configuration = configuration
        self.classifier = classifier
        self.wake = wake
        self.watch = watch
        self.emit = emit
        var directories: [String] = []
        for device in configuration.devices {
            if case .path(let path) = device.match { directories.append(Self.parent(of: path)) }
        }
        if configuration.discover { directories.append(configuration.discoveryDirectory) }
        self.directories = Array(Set(directories)).sorted()
        for device in configuration.devices {
            if case .path(let path) = device.match { slots.append(DeviceSlot(path: path, entry: device, discovered: false)) }
        }
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    // MARK: the loop

    func run() {
        watchDirectories()
        refreshDiscovered()
        let start = monotonicNanoseconds()
        for slot in slots { slot.retryAt = start }
        while true {
            let now = monotonicNanoseconds()
            for slot in slots where slot.descriptor == nil && (slot.retryAt.map { $0 <= now } ?? false) { open(slot) }

            let open = slots.filter { $0.descriptor != nil }
            var set: [(FileDescriptor, PollEvents)] = [(wake.descriptor, .readable), (watch.descriptor, .readable)]
            set += open.map { ($0.descriptor!, .readable) }
            let results: [PollEvents]
            do {
                results = try Poll.wait(set, timeoutMilliseconds: timeout(now: monotonicNanoseconds()))
                statistics.countWakeUp()
            } catch {
                // poll only fails for EFAULT/EINVAL/ENOMEM: nothing a retry would not also hit soon;
                // wait a little so a persistent failure never spins.
                usleep(100_000)
                continue
            }
            if results.first.map({ !$0.isEmpty }) == true { break }
            if results.count > 1, !results[1].isEmpty { directoriesChanged(watch.drain()) }
            for (index, slot) in open.enumerated() where results.count > index + 2 && !results[index + 2].isEmpty {
                read(slot, events: results[index + 2])
            }
            for slot in slots where slot.descriptor != nil { finishIdle(slot) }
        }
        for slot in slots where slot.descriptor != nil {
            close(slot)
            emit(.deviceDisappeared(path: slot.path, reason: .stopped))
        }
        watch.close()
    }

    /// Milliseconds until the next retry or idle scan deadline; -1 when nothing is due.
    private func timeout(now: UInt64) -> Int32 {
        var earliest: UInt64?
        func consider(_ due: UInt64) { earliest = min(earliest ?? due, due) }
        for slot in slots {
            if slot.descriptor == nil, let due = slot.retryAt { consider(due) }
            if slot.descriptor != nil, let due = slot.idleDeadline() { consider(due) }
        }
        if directories.contains(where: { !watch.isWatching($0) }) {
            consider(now + UInt64(configuration.retryMaximumMs) * 1_000_000)
        }
        guard let earliest else { return -1 }
        if earliest <= now { return 0 }
        return Int32(min((earliest - now + 999_999) / 1_000_000, UInt64(Int32.max)))
    }

    /// Reacts to inotify: only names that matter (a device path, a discovery link) count, so
    /// a busy directory such as `/dev` does not reopen devices for nothing.
    private func directoriesChanged(_ changes: DirectoryWatch.Changes) {
        watchDirectories()
        let relevant = changes.overflowed || changes.paths.contains { path in
            slots.contains { $0.path == path } || directories.contains(path)
                || (configuration.discover && Self.parent(of: path) == configuration.discoveryDirectory
                    && path.dropFirst(configuration.discoveryDirectory.count + 1).hasPrefix(configuration.discoveryPrefix))
        }
        guard relevant else { return }
        for slot in slots where slot.descriptor != nil && !slot.pathStillNamesOpenFile() { lost(slot, .removed) }
        refreshDiscovered()
        let now = monotonicNanoseconds()
        for slot in slots where slot.descriptor == nil { slot.retryAt = now }
    }

    private func watchDirectories() {
        for directory in directories where !watch.isWatching(directory) {
            try? watch.watch(directory)
        }
    }

    /// Adds a slot for each new discovery link; drops closed slots whose link is gone.
    private func refreshDiscovered() {
        guard configuration.discover else { return }
        let directory = configuration.discoveryDirectory
        let present = Set(directoryEntries(directory).filter { $0.hasPrefix(configuration.discoveryPrefix) }.map { directory + "/" + $0 })
        slots.removeAll { $0.discovered && $0.descriptor == nil && !present.contains($0.path) }
        let known = Set(slots.map(\.path))
        for path in present.sorted() where !known.contains(path) {
            let slot = DeviceSlot(path: path, entry: nil, discovered: true)
            slot.retryAt = monotonicNanoseconds()
            slots.append(slot)
        }
    }

    // MARK: opening

    private func open(_ slot: DeviceSlot) {
        slot.retryAt = nil
        if let finished = slot.finishedFile {
            // A replay file read to its end opens again only once replaced or rewritten.
            if let node = try? FileNode.at(slot.path), node.identity == finished { return scheduleRetry(slot) }
            if (try? FileNode.at(slot.path)) == nil && slot.discovered { return }
        }
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(slot.path, [.readOnly, .nonBlocking, .noControllingTerminal])
        } catch let error as SystemError {
            if slot.discovered && error.code == ENOENT { return }   // the link went away: refreshDiscovered drops it
            return failed(slot, error)
        } catch {
            return
        }
        let node: FileNode
        do {
            node = try descriptor.node()
        } catch let error as SystemError {
            descriptor.close()
            return failed(slot, error)
        } catch {
            descriptor.close()
            return
        }
        guard [.characterDevice, .fifo, .regularFile].contains(node.kind) else {
            descriptor.close()
            return failed(slot, SystemError(code: EINVAL, call: "open('\(slot.path)'): a \(node.kind.rawValue), not an input device"))
        }
        var grabbed = false
        var grabError: SystemError?
        var name: String?
        var usbID: String?
        if node.kind == .characterDevice {
            name = try? descriptor.inputDeviceName()
            usbID = (try? descriptor.inputDeviceID())?.usbID
            if configuration.grab {
                do {
                    try descriptor.grabInputDevice(true)
                    grabbed = true
                } catch let error as SystemError where error.code != ENOTTY {
                    grabError = error
                } catch {}
            }
        }
        let entry = slot.configured ?? configuration.entry(forPath: slot.path, usbID: usbID, name: name)
        let keymapName = entry?.keymap ?? configuration.keymap
        let keymap = Keymap.named(keymapName) ?? .us
        slot.attach(descriptor: descriptor, node: node, entry: entry,
                    assembler: slot.assembler ?? BarcodeAssembler(keymap: keymap, options: configuration.assembler))
        slot.openedAt = monotonicNanoseconds()
        slot.lastError = nil
        if !slot.announced {
            slot.announced = true
            emit(.deviceAppeared(ScannerDeviceInfo(
                path: slot.path, kind: node.kind, role: entry?.role ?? .barcode, keymap: keymap.name,
                name: name, usbID: usbID, grabbed: grabbed, grabError: grabError)))
        }
    }

    private func failed(_ slot: DeviceSlot, _ error: SystemError) {
        scheduleRetry(slot)
        if slot.lastError != error {
            slot.lastError = error
            emit(.deviceError(path: slot.path, error: error, retryInMs: slot.backoffMs))
        }
    }

    private func scheduleRetry(_ slot: DeviceSlot) {
        slot.backoffMs = slot.backoffMs == 0 ? configuration.retryInitialMs : min(slot.backoffMs * 2, configuration.retryMaximumMs)
        slot.retryAt = monotonicNanoseconds() + UInt64(slot.backoffMs) * 1_000_000
    }

    private func close(_ slot: DeviceSlot) {
        slot.descriptor?.close()
        slot.descriptor = nil
        let dropped = slot.records.discardPartial()
        if dropped > 0 { emit(.discarded(path: slot.path, reason: .partialRecord(bytes: dropped))) }
    }

    /// Closes a device that went away; it is reported and retried from the first back-off step.
    private func lost(_ slot: DeviceSlot, _ reason: ScannerDisappearance) {
        close(slot)
        if var assembler = slot.assembler {
            deliver(assembler.finishIdle(at: Int64.max), from: slot)
            slot.assembler = nil
        }
        slot.announced = false
        emit(.deviceDisappeared(path: slot.path, reason: reason))
        // A device that stayed open a while starts over from the first back-off step; one
        // that fails right after opening (flapping) keeps doubling it.
        if monotonicNanoseconds() &- slot.openedAt > Self.stableAfterNanoseconds { slot.backoffMs = 0 }
        scheduleRetry(slot)
    }

    // MARK: reading

    private func read(_ slot: DeviceSlot, events: PollEvents) {
        guard let descriptor = slot.descriptor else { return }
        var buffer = [UInt8](repeating: 0, count: Self.recordsPerRead * InputEvent.recordSize)
        while true {
            let count: Int
            do {
                count = try buffer.withUnsafeMutableBytes { try descriptor.read(into: $0) }
            } catch let error as SystemError {
                if error.code == EAGAIN || error.code == EWOULDBLOCK { return }
                return lost(slot, .unplugged(error))
            } catch {
                return
            }
            if count == 0 { return endOfInput(slot) }
            process(slot.records.append(buffer[0..<count]), from: slot)
            let skipped = slot.records.takeSkippedByteCount()
            if skipped > 0 { emit(.discarded(path: slot.path, reason: .garbage(bytes: skipped))) }
            if slot.kind == .regularFile { continue }   // files never block: read on to the end
            if count < buffer.count { return }
        }
    }

    /// End of input: a FIFO's writer closed (reopen at once and wait for the next writer),
    /// a replay file ended (wait until it changes), or an evdev node hung up (unplugged).
    private func endOfInput(_ slot: DeviceSlot) {
        switch slot.kind {
        case .fifo:
            close(slot)
            guard (try? FileNode.at(slot.path))?.kind == .fifo else { return lost(slot, .removed) }
            open(slot)
        case .regularFile:
            let identity = slot.node?.identity
            lost(slot, .endOfFile)
            slot.finishedFile = (try? FileNode.at(slot.path))?.identity ?? identity
        default:
            lost(slot, .unplugged(nil))
        }
    }

    private func process(_ records: [InputEvent], from slot: DeviceSlot) {
        guard !records.isEmpty, var assembler = slot.assembler else { return }
        var outputs: [BarcodeAssembler.Output] = []
        for event in records {
            outputs += assembler.feed(event)
            slot.lastEventTime = event.timeMicroseconds
        }
        slot.lastArrival = monotonicNanoseconds()
        slot.assembler = assembler
        deliver(outputs, from: slot)
    }

    private func finishIdle(_ slot: DeviceSlot) {
        guard var assembler = slot.assembler, assembler.idleDeadline != nil else { return }
        let outputs = assembler.finishIdle(at: slot.eventTimeNow())
        slot.assembler = assembler
        deliver(outputs, from: slot)
    }

    private func deliver(_ outputs: [BarcodeAssembler.Output], from slot: DeviceSlot) {
        for output in outputs {
            switch output {
            case .discarded(let reason, let characters):
                emit(.discarded(path: slot.path, reason: .keys(reason, characters: characters)))
            case .scan(let scan):
                let at = MonotonicInstant(nanoseconds: Int64(monotonicNanoseconds()))
                if let entry = slot.entry, entry.role == .badge {
                    do {
                        let uid = try CardUID(wedgeText: scan.text, format: entry.uidFormat, byteOrder: entry.byteOrder, length: entry.uidLength)
                        emit(.badge(WedgeBadgeRead(device: slot.path, uid: uid, text: scan.text, at: at)))
                    } catch {
                        emit(.discarded(path: slot.path, reason: .unreadableBadge(text: scan.text, problem: error)))
                    }
                } else {
                    emit(.scan(BarcodeRead(
                        device: slot.path, text: scan.text, classification: classifier.classify(scan.text),
                        terminator: scan.terminator, at: at,
                        typingMs: (scan.lastKeyMicroseconds - scan.firstKeyMicroseconds) / 1000)))
                }
            }
        }
    }
}

/// One device path and what the thread knows about it.
final class DeviceSlot {
    let path: String
    /// The configuration entry naming this path, if any.
    let configured: ScannerConfiguration.Device?
    /// Found in the discovery directory (dropped when its link goes away).
    let discovered: Bool
    var descriptor: FileDescriptor?
    var node: FileNode?
    var entry: ScannerConfiguration.Device?
    var assembler: BarcodeAssembler?
    var records = InputRecordBuffer()
    /// Timestamp of the last event read, and when it was read (monotonic ns).
    var lastEventTime: Int64 = 0
    var lastArrival: UInt64 = 0
    var retryAt: UInt64?
    var backoffMs = 0
    /// When the device was last opened (monotonic ns).
    var openedAt: UInt64 = 0
    var lastError: SystemError?
    /// Whether `deviceAppeared` was sent since the last disappearance (a FIFO reopened for
    /// its next writer is not announced again).
    var announced = false
    /// Identity of a replay file read to its end.
    var finishedFile: [Int64]?

    init(path: String, entry: ScannerConfiguration.Device?, discovered: Bool) {
        self.path = path
        self.configured = entry
        self.discovered = discovered
        self.entry = entry
    }

    var kind: FileNode.Kind? { node?.kind }

    /// Whether the path still leads to the file that is open (not removed, not replaced).
    func pathStillNamesOpenFile() -> Bool {
        guard let node, let current = try? FileNode.at(path) else { return false }
        return current.isSameFile(as: node)
    }

    func attach(descriptor: FileDescriptor, node: FileNode, entry: ScannerConfiguration.Device?, assembler: BarcodeAssembler) {
        self.descriptor = descriptor
        self.node = node
        self.entry = entry
        self.assembler = assembler
        self.finishedFile = nil
    }

    /// The current time on the device's event clock: the last event's timestamp plus the
    /// monotonic time elapsed since it was read.
    func eventTimeNow() -> Int64 {
        let elapsed = Int64((monotonicNanoseconds() &- lastArrival) / 1000)
        return lastEventTime + max(0, elapsed)
    }

    /// When (monotonic ns) the pending scan ends by the inter-key timeout, if one is pending.
    func idleDeadline() -> UInt64? {
        guard let deadline = assembler?.idleDeadline else { return nil }
        let remainingMicros = max(0, deadline - lastEventTime)
        return lastArrival + UInt64(remainingMicros) * 1000
    }
}
