import Foundation
import LinuxIO

/// Watches the API token file's folder with inotify and, when `kioskctl token rotate` (or an
/// operator) replaces the file, hands the new token to `onChange`: the old token stops working
/// at once, without a restart. Waits in `poll(2)`, never on a timer.
public struct TokenWatchService: Service {
    public let name = "token-watch"
    private let file: APITokenFile
    private let onChange: @Sendable (String) -> Void
    private let logger: Logger
    private let stop: EventFD

    /// - Throws: `SystemError` for `eventfd`.
    public init(file: APITokenFile, logger: Logger, onChange: @escaping @Sendable (String) -> Void) throws {
        self.file = file
        self.onChange = onChange
        self.logger = logger
        self.stop = try EventFD()
    }

    public func run() async throws {
        let directory = (file.path as NSString).deletingLastPathComponent
        let file = self.file
        let stop = self.stop
        let onChange = self.onChange
        let logger = self.logger
        var created = try DirectoryWatch()
        try created.watch(directory.isEmpty ? "." : directory)
        // Handed over to the thread, which alone uses it from now on.
        let box = WatchHandOver(created)
        let thread = Thread {
            var watch = box.watch
            var current = try? file.read()
            while true {
                guard let ready = try? Poll.wait([(watch.descriptor, .readable), (stop.descriptor, .readable)], timeoutMilliseconds: -1),
                      !ready[1].contains(.readable) else { break }
                let changes = watch.drain()
                guard changes.overflowed || !changes.paths.isEmpty else { continue }
                do {
                    guard let token = try file.read(), token != current else { continue }
                    current = token
                    logger.notice("API token file '\(file.path)' changed: new token in force")
                    onChange(token)
                } catch {
                    logger.warning("API token file '\(file.path)': \(error); keeping the current token")
                }
            }
            watch.close()
        }
        thread.name = "kioskd-token-watch"
        thread.start()
        await untilCancelled()
        stop.signal()
    }
}

/// Moves a `DirectoryWatch` (owned by one thread at a time) to the watching thread.
private final class WatchHandOver: @unchecked Sendable {
    let watch: DirectoryWatch
    init(_ watch: DirectoryWatch) { self.watch = watch }
}
