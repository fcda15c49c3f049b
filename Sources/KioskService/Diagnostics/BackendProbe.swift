import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Identity

/// One authenticated request to the store backend, to tell "unreachable" from "token
/// rejected" from "fine": `GET {url}/v1/accounts/card:<a 299 test card>`. A 200 or 404 answer
/// means the backend took the token (404 is "no such customer").
public struct BackendProbe: Sendable {
    /// What the backend did with the probe.
    public enum Outcome: Sendable, Equatable {
        /// It answered with this status.
        case answered(status: Int, milliseconds: Int)
        /// The host name did not resolve.
        case nameNotResolved(String)
        /// Nothing accepted the connection (refused, no route).
        case refused(String)
        /// No answer in time (a firewall dropping packets, a dead link).
        case timedOut(String)
        /// The TLS handshake failed (clock wrong, certificate not trusted).
        case tlsFailed(String)
        /// Any other transport failure.
        case failed(String)
    }

    /// An outcome with the backend's own clock, read from the answer's `Date` header.
    public struct Exchange: Sendable, Equatable {
        /// What the backend did with the probe.
        public let outcome: Outcome
        /// The answer's `Date` header (RFC 9110 IMF-fixdate), when it had a valid one.
        public let serverDate: Date?
        /// This machine's clock when the answer arrived.
        public let receivedAt: Date

        public init(outcome: Outcome, serverDate: Date?, receivedAt: Date) {
            self.outcome = outcome
            self.serverDate = serverDate
            self.receivedAt = receivedAt
        }
    }

    /// How long past `timeoutMilliseconds` the probe waits for URLSession's own outcome.
    static let deadlineMarginMilliseconds = 250

    public let url: URL
    public let token: String?
    public let timeoutMilliseconds: Int32

    public init(url: URL, token: String?, timeoutMilliseconds: Int32) {
        self.url = url
        self.token = token
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// The credential asked for: the first loyalty card of the default range (prefix 299).
    public static let probeCredential = "card:" + (EAN13(prefix: "299", serial: 0)?.digits ?? "2990000000002")

    /// The probe's URL.
    public var probeURL: URL {
        var base = url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + "/v1/accounts/" + Self.probeCredential) ?? url
    }

    /// Sends the probe and waits for its outcome (blocking the calling thread, which must not
    /// be one of Swift's cooperative pool: `kioskctl` calls it from its main thread).
    public func run() -> Outcome { exchange().outcome }

    /// Sends the probe and waits for its outcome and the backend's clock (blocking the calling
    /// thread, as `run()`).
    public func exchange() -> Exchange {
        var request = URLRequest(url: probeURL, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: Double(timeoutMilliseconds) / 1000)
        request.httpMethod = "GET"
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("kioskctl/\(KioskdVersion.current)", forHTTPHeaderField: "User-Agent")
        if let token { request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization") }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        let session = URLSession(configuration: configuration)
        defer { session.invalidateAndCancel() }
        let box = OutcomeBox()
        let started = Date()
        let task = session.dataTask(with: request) { _, response, error in
            let received = Date()
            let elapsed = Int(received.timeIntervalSince(started) * 1000)
            if let response = response as? HTTPURLResponse {
                let date = (response.value(forHTTPHeaderField: "Date")).flatMap(HTTPDate.parse)
                box.set(Exchange(outcome: .answered(status: response.statusCode, milliseconds: elapsed), serverDate: date, receivedAt: received))
            } else {
                box.set(Exchange(outcome: Self.classify(error), serverDate: nil, receivedAt: received))
            }
        }
        task.resume()
        // URLSession's timeoutInterval is an idle timeout that a connected but silent peer
        // does not always trip in time: the deadline is kept here, with a small margin.
        if box.done.wait(timeout: .now() + .milliseconds(Int(timeoutMilliseconds) + Self.deadlineMarginMilliseconds)) == .timedOut {
            task.cancel()
            return Exchange(outcome: .timedOut("no response"), serverDate: nil, receivedAt: Date())
        }
        return box.value ?? Exchange(outcome: .failed("no outcome"), serverDate: nil, receivedAt: Date())
    }

    static func classify(_ error: (any Error)?) -> Outcome {
        guard let error = error as? URLError else { return .failed(error.map { "\($0)" } ?? "no answer") }
        let text = error.localizedDescription
        switch error.code {
        case .cannotFindHost, .dnsLookupFailed: return .nameNotResolved(text)
        case .cannotConnectToHost, .networkConnectionLost, .notConnectedToInternet: return .refused(text)
        case .timedOut: return .timedOut(text)
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
             .serverCertificateHasUnknownRoot, .clientCertificateRejected, .clientCertificateRequired:
            return .tlsFailed(text)
        default: return .failed("\(text) (URLError \(error.code.rawValue))")
        }
    }
}

/// The completion handler's result, handed to the waiting thread.
private final class OutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: BackendProbe.Exchange?
    let done = DispatchSemaphore(value: 0)

    func set(_ value: BackendProbe.Exchange) {
        lock.lock()
        let first = outcome == nil
        if first { outcome = value }
        lock.unlock()
        if first { done.signal() }
    }

    var value: BackendProbe.Exchange? {
        lock.lock()
        defer { lock.unlock() }
        return outcome
    }
}
