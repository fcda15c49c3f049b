/// Suspends until the current task is cancelled, without polling or a timer.
///
/// A service whose work happens elsewhere (a server thread, a device thread) awaits this in
/// its `run()`, then releases its resources.
public func untilCancelled() async {
    let (stream, continuation) = AsyncStream<Never>.makeStream()
    await withTaskCancellationHandler {
        for await _ in stream {}
    } onCancel: {
        continuation.finish()
    }
}
