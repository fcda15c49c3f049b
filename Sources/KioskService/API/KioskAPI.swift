import Foundation
import Storage
import Identity
import StrictJSON

/// The kiosk API's routes (DESIGN.md, "Local API"), over the order book, the sale desk, the
/// health reporter and, in simulation mode, the virtual devices.
///
/// The HTTP layer has already applied the security gate (token, `Host`, `Origin`, content
/// type) and the size limits; this type only maps requests onto the service. Every error
/// is `{"error": {"code", "message"}}` with a 4xx status naming what went wrong.
public struct KioskAPI: Sendable {
    private let orders: OrderBook
    private let desk: SaleDesk
    private let health: HealthReporter
    private let events: any KioskEventSink
    private let simulation: SimulatedDevices?
    private let screen: KioskScreen?
    private let logger: Logger

    /// - Parameters:
    ///   - simulation: the virtual devices (simulation mode only; their routes 404 otherwise).
    ///   - screen: the reference kiosk screen served at `GET /` (simulation mode only).
    public init(
        orders: OrderBook, desk: SaleDesk, health: HealthReporter, events: any KioskEventSink, simulation: SimulatedDevices?,
        screen: KioskScreen?, logger: Logger
    ) {
        self.orders = orders
        self.desk = desk
        self.health = health
        self.events = events
        self.simulation = simulation
        self.screen = screen
        self.logger = logger
    }

    /// The paths that answer without a token.
    public static let publicPaths: Set<String> = ["/v1/health"]

    /// Routes one request.
    public func handle(_ request: APIRequest) async -> APIResponse {
        do {
            return try await route(request)
        } catch let error as OrderError {
            return .error(status: error.status, code: error.code, message: error.description)
        } catch let error as JSONDecodeError {
            return .invalidBody(error)
        } catch let error as StorageError where error.isDiskFull {
            logger.error("\(request.method) /\(request.path.joined(separator: "/")): \(error)")
            return .error(
                status: 507, code: "storage-full",
                message: "the kiosk's state directory is full: nothing was recorded; free disk space and try again")
        } catch let error as SaleError {
            if case .voucherRefused = error { return .error(status: 409, code: "redemption-refused", message: error.description) }
            if case .voucherSerialsExhausted = error {
                logger.error("\(error)")
                return .error(status: 503, code: "voucher-codes-exhausted", message: error.description)
            }
            logger.error("\(request.method) /\(request.path.joined(separator: "/")): \(error)")
            return .error(status: 500, code: "internal-error", message: error.description)
        } catch {
            logger.error("\(request.method) /\(request.path.joined(separator: "/")): \(error)")
            return .error(status: 500, code: "internal-error", message: "\(error)")
        }
    }

    private func route(_ request: APIRequest) async throws -> APIResponse {
        let method = request.method
        switch request.path {
        case ["v1", "health"]:
            guard method == "GET" else { return notAllowed(method, ["GET"]) }
            let (json, healthy) = await health.report()
            return .json(json, status: healthy ? 200 : 503)
        case ["v1", "events"]:
            guard method == "GET" else { return notAllowed(method, ["GET"]) }
            return .eventStream
        case ["v1", "orders"]:
            guard method == "POST" else { return notAllowed(method, ["POST"]) }
            if !request.body.isEmpty { _ = try JSONCursor.parse(request.body).object(keys: []) }
            return .json(try await orders.create().json, status: 201)
        case ["v1", "orders", "current"]:
            guard method == "GET" else { return notAllowed(method, ["GET"]) }
            guard let order = await orders.current() else {
                return .error(status: 404, code: "no-active-order", message: "no order is active on this kiosk")
            }
            return .json(order.json)
        case let path where path.count == 3 && path[0] == "v1" && path[1] == "orders":
            guard method == "GET" else { return notAllowed(method, ["GET"]) }
            return .json(try await orders.order(path[2]).json)
        case let path where path.count == 4 && path[0] == "v1" && path[1] == "orders":
            guard method == "POST" else { return notAllowed(method, ["POST"]) }
            return try await orderCommand(path[3], orderId: path[2], body: request.body)
        case ["v1", "simulate", "badge"], ["v1", "simulate", "scan"], ["v1", "simulate", "printer"]:
            guard let simulation else { return notFound(request) }
            return try await simulation.handle(request, orders: orders)
        case [], ["index.html"], ["kiosk.css"], ["kiosk.js"]:
            guard method == "GET", let screen, let file = screen.file(request.path.last ?? "index.html") else {
                return notFound(request)
            }
            return .bytes(file.bytes, contentType: file.contentType)
        default:
            return notFound(request)
        }
    }

    private func orderCommand(_ command: String, orderId: String, body: [UInt8]) async throws -> APIResponse {
        switch command {
        case "cancel":
            if !body.isEmpty { _ = try JSONCursor.parse(body).object(keys: []) }
            let cancelled = try await orders.cancel(orderId)
            do {
                let released = try await desk.releaseVouchers(saleId: cancelled.saleId)
                if released > 0 { logger.info("order \(orderId) cancelled: \(released) voucher redemption(s) queued for release") }
            } catch {
                logger.error("order \(orderId) cancelled, but its voucher holds could not be released (\(error)); they are released at the next start")
            }
            return .json(cancelled.json)
        case "checkout":
            let request = try CloseRequest.decode(JSONCursor.parse(body), paymentsAllowed: false)
            let order = try await orders.checkout(orderId, basket: request)
            let credential = order.phase == .anonymous ? nil : order.credential
            let quote = try await desk.preview(saleId: order.saleId, credential: credential, request: request, redemptions: order.redemptions)
            return .json(merge(order.json, JSONObject([("quote", quote)])))
        case "redeem":
            return try await redeem(orderId: orderId, body: body)
        case "close":
            return try await close(orderId: orderId, body: body)
        default:
            return .error(status: 404, code: "not-found", message: "no command '\(command)' on orders")
        }
    }

    private func redeem(orderId: String, body: [UInt8]) async throws -> APIResponse {
        let object = try JSONCursor.parse(body).object(keys: ["voucher", "reward"])
        let voucher = try object.optional("voucher")?.string(nonEmpty: true, maxLength: 32)
        let reward = try object.optional("reward")?.string(nonEmpty: true, maxLength: 64)
        guard (voucher == nil) != (reward == nil) else {
            throw JSONDecodeError(path: .root, message: "expected exactly one of \"voucher\" or \"reward\"")
        }
        let order = try await orders.requestRedemption(orderId, voucher: voucher, reward: reward)
        guard let basket = await orders.checkoutBasket(orderId) else { return .json(order.json) }
        let quote = try await desk.preview(saleId: order.saleId, credential: order.credential, request: basket, redemptions: order.redemptions)
        if let rejection = Self.rejection(in: quote, for: voucher ?? reward!) {
            await orders.withdrawRedemption(orderId, voucher: voucher, reward: reward)
            return .error(status: 409, code: "redemption-refused", message: "\(voucher.map { "voucher \($0)" } ?? "reward \(reward!)"): \(rejection)")
        }
        return .json(merge(order.json, JSONObject([("quote", quote)])))
    }

    private func close(orderId: String, body: [UInt8]) async throws -> APIResponse {
        let request = try CloseRequest.decode(JSONCursor.parse(body))
        switch try await orders.beginClose(orderId) {
        case .alreadyClosed(let answer):
            return .json(answer)
        case .commit(_, let saleId, let identity, let redemptions):
            let closed: SaleDesk.ClosedSale
            do {
                closed = try await desk.close(orderId: orderId, saleId: saleId, identity: identity, request: request, redemptions: redemptions)
            } catch {
                await orders.abortClose(orderId)
                throw error
            }
            await orders.completeClose(orderId, answer: closed.answer)
            if !closed.wasAlreadyCommitted {
                logger.info("sale \(saleId) closed (\(identity.eligibleCredential == nil ? "anonymous" : "confirmed"), \(closed.printJobIds.count) print job(s))")
                events.publish(.saleClosed(orderId: orderId, answer: closed.answer))
            }
            return .json(closed.answer)
        }
    }

    /// The reason the quote refused `reference`, if it did.
    static func rejection(in quote: JSONValue, for reference: String) -> String? {
        guard case .object(let object) = quote, case .object(let loyalty)? = object["loyalty"],
              case .array(let rejections)? = loyalty["rejections"] else { return nil }
        for case .object(let rejection) in rejections {
            let values = rejection.members.map(\.value)
            if values.contains(.string(reference)) {
                if case .string(let reason)? = rejection["reason"] { return reason }
                return JSONWriter.string(.object(rejection))
            }
        }
        return nil
    }

    private func merge(_ base: JSONValue, _ extra: JSONObject) -> JSONValue {
        guard case .object(var object) = base else { return base }
        for member in extra.members { object[member.key] = member.value }
        return .object(object)
    }

    private func notAllowed(_ method: String, _ allowed: [String]) -> APIResponse {
        .error(status: 405, code: "method-not-allowed", message: "\(method) is not allowed here (allowed: \(allowed.joined(separator: ", ")))")
    }

    private func notFound(_ request: APIRequest) -> APIResponse {
        .error(status: 404, code: "not-found", message: "no resource at '/\(request.path.joined(separator: "/"))'")
    }
}
