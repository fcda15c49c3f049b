import Glibc

/// What to wait for on a descriptor in `poll(2)`.
public struct PollEvents: OptionSet, Sendable, Hashable {
    public let rawValue: Int16
    public init(rawValue: Int16) { self.rawValue = rawValue }
    /// `POLLIN`
    public static let readable = PollEvents(rawValue: Int16(POLLIN))
    /// `POLLOUT`
    public static let writable = PollEvents(rawValue: Int16(POLLOUT))
    /// `POLLERR`
    public static let error = PollEvents(rawValue: Int16(POLLERR))
    /// `POLLHUP`
    public static let hangUp = PollEvents(rawValue: Int16(POLLHUP))
    /// `POLLNVAL`
    public static let invalid = PollEvents(rawValue: Int16(POLLNVAL))
}

/// `poll(2)` over a set of descriptors, retried on `EINTR`.
public enum Poll {
    /// Waits until one of `descriptors` is ready or `timeoutMilliseconds` passes (-1 = forever).
    /// - Returns: the events that occurred on each descriptor, in input order (empty = timeout).
    /// - Throws: `SystemError` for `poll`.
    public static func wait(
        _ descriptors: [(FileDescriptor, PollEvents)], timeoutMilliseconds: Int32
    ) throws -> [PollEvents] {
        var fds = descriptors.map { pollfd(fd: $0.0.rawValue, events: $0.1.rawValue, revents: 0) }
        let count = try retryOnInterrupt("poll") { Glibc.poll(&fds, nfds_t(fds.count), timeoutMilliseconds) }
        if count == 0 { return [] }
        return fds.map { PollEvents(rawValue: $0.revents) }
    }
}

/// A monotonic clock reading in nanoseconds (`CLOCK_MONOTONIC`), for timeouts and latency.
public func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
