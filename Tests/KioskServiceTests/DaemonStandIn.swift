import Foundation
import HTTPServer
import KioskService
import LinuxIO
import StrictJSON
import TestSupport

/// The daemon's local API as `kioskctl` meets it, built from the real parts: `HTTPServer` with
/// its security gate (token, loopback `Host`), `HealthReporter` over a `DeviceStatusBoard`, and
/// an `EventBroadcaster` for `/v1/events`, to which every device change is published.
///
/// Listens on a unix socket (when given a path) and on `127.0.0.1` at a kernel-chosen port.
final class DaemonStandIn: @unchecked Sendable {
    let broadcaster = EventBroadcaster()
    let board: DeviceStatusBoard
    let token: String
    private let server: HTTPServer
    private(set) var addresses: [SocketAddress] = []

    /// Publishes kiosk events to the SSE broadcaster, as the daemon's event bus does.
    private struct Sink: KioskEventSink {
        let broadcaster: EventBroadcaster
        func publish(_ event: KioskEvent) { broadcaster.publish(event: event.name, json: event.data) }
    }

    /// - Parameters:
    ///   - unixSocket: where to listen besides TCP (e.g. `<fake root>/run/kioskd/api.sock`).
    ///   - backend: the relay's view of the backend, as health shows it.
    init(unixSocket: String?, backend: JSONValue = ["state": "ok"], mode: String = "simulation") throws {
        let token = AccessToken.generate()
        self.token = token.text
        let broadcaster = self.broadcaster
        let board = DeviceStatusBoard(events: Sink(broadcaster: broadcaster))
        self.board = board
        let reporter = HealthReporter(
            devices: board, store: nil, executor: BlockingExecutor(label: "stand-in"), loyaltyConfigured: true,
            mode: mode, backend: { backend })
        var listen: [SocketAddress] = [.loopbackIPv4(port: 0)]
        if let unixSocket {
            try FileManager.default.createDirectory(atPath: (unixSocket as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            listen.insert(.unix(path: unixSocket), at: 0)
        }
        let configuration = HTTPServerConfiguration(
            listen: listen, heartbeatInterval: .seconds(1), security: SecurityGate(policy: SecurityPolicy(), token: token))
        server = HTTPServer(configuration: configuration) { request in
            switch request.path {
            case "/v1/health":
                let (json, healthy) = await reporter.report()
                return .json(json, status: healthy ? .ok : HTTPStatus(code: 503, reasonPhrase: "Service Unavailable"))
            case "/v1/events":
                return .eventStream(from: broadcaster, request: request)
            default:
                return .json(["error": ["code": "not-found", "message": .string("no route \(request.path)")]], status: .notFound)
            }
        }
        addresses = try server.start()
    }

    /// The TCP address, `127.0.0.1:<port>`.
    var tcpAddress: String {
        for address in addresses { if case .ipv4(_, let port) = address { return "127.0.0.1:\(port)" } }
        return ""
    }

    /// Open event streams now.
    var eventStreams: Int { server.activity.eventStreams }

    /// Waits (off the cooperative pool) until `count` event streams are open, up to `seconds`.
    func waitForEventStreams(_ count: Int, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while eventStreams < count {
            if Date() > deadline { return false }
            usleep(10_000)
        }
        return true
    }

    func stop() async { await server.stop() }
}
