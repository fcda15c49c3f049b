import Foundation
import LinuxIO

/// The thread both token watchers run: it waits in `poll(2)` on an inotify folder watch and a
/// stop event, and calls `onChange` once per batch of changes (or an overflow), never on a
/// timer. It owns the watch from `start` on and closes it when `stop` is signalled.
enum FolderWatchThread {
    static func start(name: String, watch: DirectoryWatch, stop: EventFD, onChange: @escaping @Sendable () -> Void) {
        let box = FolderWatchHandOver(watch)
        let thread = Thread {
            var watch = box.watch
            while true {
                guard let ready = try? Poll.wait([(watch.descriptor, .readable), (stop.descriptor, .readable)], timeoutMilliseconds: -1),
                      !ready[1].contains(.readable) else { break }
                let changes = watch.drain()
                if changes.overflowed || !changes.paths.isEmpty { onChange() }
            }
            watch.close()
        }
        thread.name = name
        thread.start()
    }
}

/// Moves a `DirectoryWatch` (owned by one thread at a time) to the watching thread.
private final class FolderWatchHandOver: @unchecked Sendable {
    let watch: DirectoryWatch
    init(_ watch: DirectoryWatch) { self.watch = watch }
}

/// State only the watching thread touches, boxed so a `@Sendable` callback may keep it.
final class WatcherMemory<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
