/// A long-running part of the daemon (the API server, a device reader, the outbox drainer).
///
/// Modelled on swift-service-lifecycle: resources are acquired when the service is built
/// (a socket bound, a database opened), so that a failure stops the start-up before
/// `READY=1`; `run()` then does the work until its task is cancelled, which is the request
/// to stop gracefully: finish what is in flight, release the resources, return.
public protocol Service: Sendable {
    /// A short name for log lines (`http`, `scanner`, `relay`).
    var name: String { get }
    /// Does the service's work until the task is cancelled.
    /// - Throws: when the service cannot go on; the whole daemon then stops.
    func run() async throws
}
