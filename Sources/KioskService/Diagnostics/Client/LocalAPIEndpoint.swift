import Foundation

/// Where a client reaches the daemon's local API: its unix socket or its TCP address.
public enum LocalAPIEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The API's unix socket (`/run/kioskd/api.sock` under systemd).
    case unix(path: String)
    /// The API's TCP address (`127.0.0.1:8765` by default).
    case tcp(ListenAddress)

    /// `unix:/run/kioskd/api.sock` or `127.0.0.1:8765`.
    public var description: String {
        switch self {
        case .unix(let path): return "unix:" + path
        case .tcp(let address): return address.description
        }
    }

    /// The `Host` field the daemon's security gate accepts on this endpoint (a loopback name,
    /// with the port on TCP).
    public var hostField: String {
        switch self {
        case .unix: return "localhost"
        case .tcp(let address): return address.description
        }
    }

    /// Parses `unix:/path`, an absolute socket path, `127.0.0.1:8765` or `[::1]:8765`; nil
    /// for anything else.
    public init?(parsing text: String) {
        if text.hasPrefix("unix:"), text.count > 5 {
            self = .unix(path: String(text.dropFirst(5)))
        } else if text.hasPrefix("/") {
            self = .unix(path: text)
        } else if let address = ListenAddress(text) {
            self = .tcp(address)
        } else {
            return nil
        }
    }

    /// The endpoints to try, in order, for a daemon configured with `api` and `stateDirectory`:
    /// `api.unixSocket` when set, else `$RUNTIME_DIRECTORY/api.sock`, `/run/kioskd/api.sock`
    /// (systemd's `RuntimeDirectory=kioskd`) and `<stateDirectory>/api.sock` — only those that
    /// exist — then the TCP address (a wildcard listen address is reached on loopback).
    /// - Parameter system: maps an absolute system path under the diagnostic root.
    public static func candidates(
        api: APIConfig, stateDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        system: (String) -> String = { $0 }
    ) -> [LocalAPIEndpoint] {
        var sockets: [String] = []
        if let configured = api.unixSocket {
            sockets = [configured]
        } else {
            if let runtime = environment["RUNTIME_DIRECTORY"], !runtime.isEmpty {
                sockets.append((runtime as NSString).appendingPathComponent("api.sock"))
            }
            sockets.append(system("/run/kioskd/api.sock"))
            sockets.append((stateDirectory as NSString).appendingPathComponent("api.sock"))
            sockets = sockets.filter { FileManager.default.fileExists(atPath: $0) }
        }
        var endpoints: [LocalAPIEndpoint] = []
        for path in sockets where !endpoints.contains(.unix(path: path)) { endpoints.append(.unix(path: path)) }
        var listen = api.listen
        if listen.host == "0.0.0.0" { listen = ListenAddress(host: "127.0.0.1", port: listen.port) }
        if listen.host == "::" { listen = ListenAddress(host: "::1", port: listen.port) }
        if listen.port != 0 { endpoints.append(.tcp(listen)) }
        return endpoints
    }
}
