import Foundation
import LinuxIO
import Relay

/// Watches the backend token file's folder with inotify and re-reads the token when the file
/// appears, is replaced or changes: a kiosk installed before its token, or a rotated token,
/// starts (or keeps) relaying without a restart. `onChange` runs after a new valid token is in
/// force (register it for redaction, wake the relay). Waits in `poll(2)`, never on a timer.
public struct BackendTokenWatchService: Service {
    public let name = "backend-token-watch"
    private let token: BackendToken
    private let onChange: @Sendable () -> Void
    private let logger: Logger
    private let stop: EventFD

    /// - Throws: `SystemError` for `eventfd`.
    public init(token: BackendToken, logger: Logger, onChange: @escaping @Sendable () -> Void) throws {
        self.token = token
        self.onChange = onChange
        self.logger = logger
        self.stop = try EventFD()
    }

    public func run() async throws {
        let directory = (token.path as NSString).deletingLastPathComponent
        let token = self.token
        let stop = self.stop
        let onChange = self.onChange
        let logger = self.logger
        var created = try DirectoryWatch()
        do {
            try created.watch(directory.isEmpty ? "." : directory, closedWrites: true)
        } catch {
            // No folder to watch (e.g. it does not exist yet): a 401 still re-reads the file.
            logger.warning("backend token folder '\(directory)' cannot be watched (\(error)); the token is re-read only after a 401")
            created.close()
            await untilCancelled()
            return
        }
        let lastReason = WatcherMemory(token.unavailableReason)
        FolderWatchThread.start(name: "kioskd-backend-token-watch", watch: created, stop: stop) {
            do {
                guard try token.reload() else { return }
                lastReason.value = nil
                logger.notice("backend token file '\(token.path)' changed: new token in force")
                onChange()
            } catch {
                let reason = "\(error)"
                if reason != lastReason.value {
                    lastReason.value = reason
                    logger.warning("\(reason); keeping the current state")
                }
            }
        }
        await untilCancelled()
        stop.signal()
    }
}
