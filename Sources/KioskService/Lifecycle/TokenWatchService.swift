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
        let current = WatcherMemory(try? file.read())
        FolderWatchThread.start(name: "kioskd-token-watch", watch: created, stop: stop) {
            do {
                guard let token = try file.read(), token != current.value else { return }
                current.value = token
                logger.notice("API token file '\(file.path)' changed: new token in force")
                onChange(token)
            } catch {
                logger.warning("API token file '\(file.path)': \(error); keeping the current token")
            }
        }
        await untilCancelled()
        stop.signal()
    }
}
