import StrictJSON

/// What an attempt to deliver a sale means for its outbox row — a pure classification of the
/// HTTP exchange (DESIGN.md, "Contracts → Backend").
///
/// | answer | verdict |
/// |---|---|
/// | 2xx with the sale's receipt (`saleId` matches), or an empty body | `delivered` (+ the account it carries) |
/// | 409 Conflict (already recorded) | `delivered` |
/// | 401, 403 | `authenticationRejected`: the kiosk's token is at fault, not the sale; retried |
/// | 408, 425, 429 | `retry` (HTTP says: try later) |
/// | other 4xx (400, 404, 422 key reused with another body, …) | `deadLetter` with the response |
/// | 5xx, timeout, reset, refused, non-HTTP bytes | `retry` |
/// | 2xx whose body is not the sale's receipt (a captive portal's page, garbage) | `retry` |
public enum SaleDeliveryVerdict: Sendable, Equatable {
    case delivered(httpStatus: Int, account: AccountDocument?)
    case retry(reason: String)
    case authenticationRejected(httpStatus: Int, reason: String)
    case deadLetter(httpStatus: Int, body: [UInt8], reason: String)

    /// Classifies the exchange for sale `saleId`.
    public static func classify(_ exchange: HTTPExchange, saleId: String) -> SaleDeliveryVerdict {
        switch exchange {
        case .transportFailure(let reason):
            return .retry(reason: reason)
        case .answer(let status, let body, _):
            switch status {
            case 200..<300:
                return receipt(status: status, body: body, saleId: saleId)
            case 409:
                return .delivered(httpStatus: status, account: nil)
            case 401, 403:
                return .authenticationRejected(httpStatus: status, reason: "\(status) \(errorSummary(body))")
            case 408, 425, 429:
                return .retry(reason: "\(status) \(errorSummary(body))")
            case 400..<500:
                return .deadLetter(httpStatus: status, body: body, reason: "\(status) \(errorSummary(body))")
            default:
                return .retry(reason: "\(status) \(errorSummary(body))")
            }
        }
    }

    /// A 2xx answer: delivered when it is the receipt of this sale; garbage otherwise.
    static func receipt(status: Int, body: [UInt8], saleId: String) -> SaleDeliveryVerdict {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return .delivered(httpStatus: status, account: nil)
        }
        guard let root = try? JSONCursor.parse(body), let object = try? root.object(keys: root.memberKeys) else {
            return .retry(reason: "\(status) answer is not JSON (a proxy or captive portal?)")
        }
        guard let answered = try? object.required("saleId").string(), answered == saleId else {
            return .retry(reason: "\(status) answer is not the receipt of sale \(saleId)")
        }
        let account = object.optional("account").flatMap { try? AccountDocument.parse($0) }
        return .delivered(httpStatus: status, account: account)
    }

    /// `code: message` from an error body `{"error": {"code", "message"}}`, else a clipped text.
    static func errorSummary(_ body: [UInt8]) -> String {
        if let root = try? JSONCursor.parse(body), case .object(let object) = root.value,
           case .object(let error)? = object["error"] {
            let code: String = if case .string(let c)? = error["code"] { c } else { "error" }
            let message: String = if case .string(let m)? = error["message"] { m } else { "" }
            return message.isEmpty ? code : "\(code): \(String(message.prefix(200)))"
        }
        let text = String(decoding: body.prefix(120), as: UTF8.self)
            .unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : String($0) }.joined()
        return text.isEmpty ? "(empty body)" : text
    }
}
