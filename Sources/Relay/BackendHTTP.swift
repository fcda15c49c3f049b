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
    /// a backend that trickles bytes still ends in `.transportFailure("timed out …")`. The
    /// deadline and the cancellation of an abandoned request run on Dispatch, and nothing waits
    /// for the abandoned URLSession task: cancelling one from the cooperative pool could block
    /// a pool thread (two of them froze the whole daemon, API included, under backend hangs).
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
        let exchange = PendingExchange(task: nil)
        let task = session.dataTask(with: request) { data, response, error in
            exchange.finish(Self.outcome(data: data, response: response, error: error))
        }
        exchange.task = task
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<HTTPExchange, Never>) in
                exchange.start(continuation)
                task.resume()
                // The deadline and any cancel run on Dispatch, never on the cooperative pool:
                // URLSessionTask.cancel() may block while the session's queue is busy.
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(timeoutMilliseconds)) {
                    exchange.finish(.transportFailure("timed out after \(timeoutMilliseconds) ms"))
                }
            }
        } onCancel: {
            exchange.finish(.transportFailure("cancelled"))
        }
    }

    /// The exchange's outcome from URLSession's completion handler.
    static func outcome(data: Data?, response: URLResponse?, error: (any Error)?) -> HTTPExchange {
        if let error { return .transportFailure(describe(error)) }
        guard let http = response as? HTTPURLResponse else { return .transportFailure("not an HTTP answer") }
        let data = data ?? Data()
        guard data.count <= maximumBodyBytes else {
            return .transportFailure("answer body larger than \(maximumBodyBytes) bytes")
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return .answer(status: http.statusCode, body: Array(data), headers: headers)
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

/// One exchange in flight: the first of the answer, the deadline or a cancellation resumes the
/// waiting task, once; a deadline or cancellation also cancels the URLSession task, on a
/// Dispatch queue.
private final class PendingExchange: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<HTTPExchange, Never>?
    private var early: HTTPExchange?
    private var done = false
    var task: URLSessionDataTask? {
        get { lock.withLock { storedTask } }
        set { lock.withLock { storedTask = newValue } }
    }
    private var storedTask: URLSessionDataTask?

    init(task: URLSessionDataTask?) { storedTask = task }

    /// Hands over the waiting continuation (resumed at once if the outcome is already known).
    func start(_ continuation: CheckedContinuation<HTTPExchange, Never>) {
        let outcome: HTTPExchange? = lock.withLock {
            if let early { return early }
            self.continuation = continuation
            return nil
        }
        if let outcome { continuation.resume(returning: outcome) }
    }

    /// Records the outcome if none was recorded yet; an outcome that is not the answer cancels
    /// the URLSession task.
    func finish(_ outcome: HTTPExchange) {
        let (waiting, task, first): (CheckedContinuation<HTTPExchange, Never>?, URLSessionDataTask?, Bool) = lock.withLock {
            guard !done else { return (nil, nil, false) }
            done = true
            defer { continuation = nil }
            if continuation == nil { early = outcome }
            return (continuation, storedTask, true)
        }
        guard first else { return }
        waiting?.resume(returning: outcome)
        if case .transportFailure = outcome, let task {
            DispatchQueue.global().async { task.cancel() }
        }
    }
}
