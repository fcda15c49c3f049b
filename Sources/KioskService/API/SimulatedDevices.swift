import Foundation
import Identity
import Receipt
import StrictJSON

/// The virtual badge reader, scanner and printer of simulation mode, driven over the API:
/// `POST /v1/simulate/badge {"uid", "present"}`, `POST /v1/simulate/scan {"code"}`, and
/// `GET /v1/simulate/printer`, the text preview of what the file printer received.
///
/// Badges and scans take the same path as the hardware's (the order book and the identity
/// rules), so the simulation shows exactly what a real kiosk would do.
public struct SimulatedDevices: Sendable {
    /// The file the simulated printer writes to; nil when the configured printer is not a file.
    public let paperFile: String?
    /// The profile the preview decodes the bytes with.
    public let profile: PrinterProfile

    public init(paperFile: String?, profile: PrinterProfile) {
        self.paperFile = paperFile
        self.profile = profile
    }

    /// The name readers and scanners carry in events.
    public static let deviceName = "simulated"

    func handle(_ request: APIRequest, orders: OrderBook) async throws -> APIResponse {
        switch (request.method, request.path.last) {
        case ("POST", "badge"):
            let object = try JSONCursor.parse(request.body).object(keys: ["uid", "present"])
            let uidCursor = try object.required("uid")
            let uid: CardUID
            do {
                uid = try CardUID(hex: try uidCursor.string(nonEmpty: true, maxLength: 64))
            } catch let error as JSONDecodeError {
                throw error
            } catch {
                throw uidCursor.mismatch("a badge UID in hex (4, 7 or 10 bytes)")
            }
            let present = try object.optional("present")?.bool() ?? true
            await orders.badge(uid: uid, present: present, reader: Self.deviceName)
            return .json(["uid": .string(uid.hex), "present": .bool(present), "order": await orders.current()?.json ?? .null], status: 202)
        case ("POST", "scan"):
            let object = try JSONCursor.parse(request.body).object(keys: ["code"])
            let code = try object.required("code").string(maxLength: 64)
            await orders.scan(code, scanner: Self.deviceName)
            return .json(["code": .string(code), "order": await orders.current()?.json ?? .null], status: 202)
        case ("GET", "printer"):
            guard let paperFile else {
                return .error(status: 404, code: "no-file-printer", message: "the configured printer is not a file printer: nothing to preview")
            }
            let bytes = FileManager.default.contents(atPath: paperFile).map(Array.init) ?? []
            return .text(ReceiptPreview(profile: profile).render(bytes), contentType: "text/plain; charset=utf-8")
        default:
            return .error(status: 405, code: "method-not-allowed", message: "\(request.method) is not allowed here")
        }
    }
}
