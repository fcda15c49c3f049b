import Foundation
import Glibc
import LinuxIO

/// SIGTERM and SIGINT turned into an async sequence of stop requests.
///
/// The C signal handler only writes the signal number to a pipe (`SignalPipe`); a thread
/// blocked on the pipe yields a reason such as `"SIGTERM"` for each delivery, so no Swift code
/// runs in a signal handler. SIGPIPE is ignored so that a client closing its socket surfaces
/// as `EPIPE` rather than killing the daemon.
public final class StopSignals: Sendable {
    /// One element per received signal, named (`"SIGTERM"`, `"SIGINT"`).
    public let requests: AsyncStream<String>
    private let pipe: SignalPipe

    /// Routes SIGTERM and SIGINT to the stream.
    /// - Throws: `SystemError` when the pipe or the handlers cannot be installed.
    public init() throws {
        signal(SIGPIPE, SIG_IGN)
        let pipe = try SignalPipe(signals: [SIGTERM, SIGINT])
        self.pipe = pipe
        let (stream, continuation) = AsyncStream<String>.makeStream()
        requests = stream
        let thread = Thread {
            while let number = pipe.next() {
                continuation.yield(number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal \(number)")
            }
            continuation.finish()
        }
        thread.name = "kioskd-signals"
        thread.start()
    }
}
