import HTTPServer
import LinuxIO

/// The local API as a service: the server is bound when the service is built (so `READY=1`
/// comes only once it listens), serves until cancelled, then stops gracefully (in-flight
/// requests, a sale commit among them, get their answers).
public struct HTTPService: Service {
    public let name = "http"
    /// The server (for `replaceSecurity` after a token rotation).
    public let server: HTTPServer
    /// Where it listens, as bound (TCP ports read back).
    public let addresses: [SocketAddress]
    private let logger: Logger

    /// Binds every address of `configuration`.
    /// - Throws: `SystemError`/`SocketAddressError` when an address cannot be bound.
    public init(configuration: HTTPServerConfiguration, handler: @escaping HTTPHandler, logger: Logger) throws {
        server = HTTPServer(configuration: configuration, handler: handler)
        addresses = try server.start()
        self.logger = logger
    }

    public func run() async throws {
        await untilCancelled()
        await server.stop()
        logger.info("API closed")
    }
}
