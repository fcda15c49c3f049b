import Foundation
import HTTPServer
import LinuxIO
import StrictJSON
import TestSupport

/// A real server on `127.0.0.1:0` and a unix socket in a temporary directory, with the
/// security gate on, and a small router standing in for the service's routes.
final class ServerFixture: @unchecked Sendable {
    static let tokenText = "test-token-0123456789abcdef0123"
    static let origin = "http://127.0.0.1:5173"

    let directory = TemporaryDirectory(prefix: "kioskd-http")
    let server: HTTPServer
    let tcp: SocketAddress
    let unix: SocketAddress
    let broadcaster: EventBroadcaster
    let tickets = EventStreamTickets()

    var port: UInt16 { tcp.port! }
    var host: String { "127.0.0.1:\(port)" }
    var bearer: String { "Authorization: Bearer \(Self.tokenText)" }

    /// - Parameters:
    ///   - configure: adjusts the configuration (limits, timeouts) before start.
    ///   - handler: replaces the default router.
    init(broadcaster: EventBroadcaster = EventBroadcaster(capacity: 16, epoch: "t"),
         configure: (inout HTTPServerConfiguration) -> Void = { _ in },
         handler: HTTPHandler? = nil) throws {
        self.broadcaster = broadcaster
        let socketPath = directory.path + "/api.sock"
        var configuration = HTTPServerConfiguration(
            listen: [.loopbackIPv4(port: 0), .unix(path: socketPath)],
            security: SecurityGate(policy: SecurityPolicy(allowedOrigins: [Self.origin]),
                                   token: AccessToken(Self.tokenText)!))
        configuration.eventStreamTickets = tickets
        // Generous defaults: on a loaded machine a test task may resume long after its last
        // request; tests of the timeouts set their own short values.
        configuration.requestTimeout = .seconds(120)
        configuration.idleTimeout = .seconds(300)
        configure(&configuration)
        let tickets = self.tickets
        server = HTTPServer(configuration: configuration, handler: handler ?? { request in
            try await ServerFixture.route(request, broadcaster: broadcaster, tickets: tickets)
        })
        let addresses = try server.start()
        tcp = addresses[0]
        unix = addresses.count > 1 ? addresses[1] : .unix(path: socketPath)
    }

    /// The stand-in routes.
    static func route(_ request: HTTPRequest, broadcaster: EventBroadcaster, tickets: EventStreamTickets) async throws -> HTTPResponse {
        switch (request.method, request.path) {
        case (.get, "/v1/health"):
            return .json(["status": "ok"])
        case (.get, "/v1/events"):
            return .eventStream(from: broadcaster, request: request)
        case (.post, "/v1/events/tickets"):
            return tickets.issueResponse()
        case (.post, "/v1/echo"):
            return HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"], body: request.body)
        case (.get, "/v1/slow"):
            try await Task.sleep(for: .milliseconds(Int(request.queryValue("ms") ?? "200") ?? 200))
            return .text("slow done")
        case (.get, "/v1/whoami"):
            return .text("\(request.transport.map { "\($0)" } ?? "none")")
        case (_, "/v1/health"), (_, "/v1/echo"):
            throw APIError.methodNotAllowed(request.method, allowed: [.get])
        default:
            throw APIError.notFound(request.path)
        }
    }

    func client(timeoutMilliseconds: Int = 60_000) throws -> RawHTTPClient {
        try RawHTTPClient(tcp, receiveTimeoutMilliseconds: timeoutMilliseconds)
    }

    func stop() async { await server.stop() }
}

/// The `error.code` of a JSON error body.
func errorCode(_ response: RawHTTPClient.Response) -> String? {
    guard let json = try? JSONParser.parse(response.body), case .object(let root) = json,
          case .object(let error)? = root["error"], case .string(let code)? = error["code"] else { return nil }
    return code
}
