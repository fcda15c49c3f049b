import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What one HTTP exchange with the backend produced: an answer, or a transport failure.
public enum HTTPExchange: Sendable, Equatable {
    /// The backend answered (any status).
    case answer(status: Int, body: [UInt8], headers: [String: String])
    /// No usable answer: refused, reset, timed out, TLS failure, not HTTP.
    case transportFailure(String)
}

/// The URLSession underneath `BackendClient`: one session, system trust store, no cookies,
/// no cache, no redirects to another host, bodies capped.
final class BackendHTTP: Sendable {
    /// Largest answer body read into memory; a larger one counts as garbage.
    static let maximumBodyBytes = 1 << 20

    private let session: URLSession
    private let token: BackendToken?

    init(token: BackendToken?, maximumConnections: Int) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(1, maximumConnections)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.timeoutIntervalForResource = 300
        session = URLSession(configuration: configuration)
        self.token = token
    }

    deinit { session.invalidateAndCancel() }

    /// Sends `method url` with `body` and headers, waiting at most `timeoutMilliseconds`.
    ///
    /// The deadline bounds the whole exchange (URLSession's own timeout is an idle timeout):
    /// a backend that trickles bytes still ends in `.transportFailure("timed out …")`.
    func exchange(_ method: String, _ url: URL, body: [UInt8]?, headers: [String: String], timeoutMilliseconds: Int) async -> HTTPExchange {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData,
                                 timeoutInterval: Double(timeoutMilliseconds) / 1000)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = Data(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let token {
            // Never an unauthenticated request: without a token nothing leaves the kiosk.
            guard let header = token.authorizationHeader() else {
                return .transportFailure("not sent: no backend token (\(token.unavailableReason ?? "missing"))")
            }
            request.setValue(header, forHTTPHeaderField: "Authorization")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let session = self.session
        let prepared = request
        let timeout = Duration.milliseconds(timeoutMilliseconds)
        return await withTaskGroup(of: HTTPExchange?.self) { group in
            group.addTask {
                do {
                    let (data, response) = try await session.data(for: prepared)
                    guard let http = response as? HTTPURLResponse else { return .transportFailure("not an HTTP answer") }
                    guard data.count <= Self.maximumBodyBytes else {
                        return .transportFailure("answer body larger than \(Self.maximumBodyBytes) bytes")
                    }
                    var headers: [String: String] = [:]
                    for (name, value) in http.allHeaderFields {
                        if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
                    }
                    return .answer(status: http.statusCode, body: Array(data), headers: headers)
                } catch {
                    return .transportFailure(Self.describe(error))
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return Task.isCancelled ? nil : .transportFailure("timed out after \(timeoutMilliseconds) ms")
            }
            var result: HTTPExchange = .transportFailure("cancelled")
            for await outcome in group {
                if let outcome { result = outcome; break }
            }
            group.cancelAll()
            return result
        }
    }

    /// A one-line description of a URLSession error: the URLError code's name and message.
    static func describe(_ error: any Error) -> String {
        if let urlError = error as? URLError {
            let name: String
            switch urlError.code {
            case .timedOut: name = "timed out"
            case .cannotConnectToHost: name = "connection refused"
            case .networkConnectionLost: name = "connection reset"
            case .badServerResponse: name = "bad server response"
            case .cannotFindHost: name = "unknown host"
            case .notConnectedToInternet: name = "no network"
            case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
                 .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
                name = "TLS failure"
            case .cancelled: name = "cancelled"
            default: name = "URL error \(urlError.code.rawValue)"
            }
            return "\(name) (\(urlError.localizedDescription))"
        }
        return "\(error)"
    }
}
