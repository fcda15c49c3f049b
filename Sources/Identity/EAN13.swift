/// A valid EAN-13 code: thirteen ASCII digits whose last digit is the GS1 check digit.
///
/// Construction validates; a value of this type always has a correct check digit. Used for
/// loyalty cards (prefix `299` by default) and loyalty vouchers (prefix `555` by default).
public struct EAN13: Sendable, Hashable, CustomStringConvertible {
    /// The thirteen digits.
    public let digits: String

    /// Why a string is not a valid EAN-13.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case wrongLength(Int)
        case notDigits
        case badCheckDigit(expected: Int, found: Int)

        public var description: String {
            switch self {
            case .wrongLength(let n): return "expected 13 digits, got \(n) characters"
            case .notDigits: return "expected digits only"
            case .badCheckDigit(let expected, let found): return "bad check digit \(found), expected \(expected)"
            }
        }
    }

    /// Validates a scanned or typed code.
    /// - Throws: `EAN13.Problem` saying what is wrong.
    public init(validating text: String) throws(Problem) {
        guard text.count == 13 else { throw .wrongLength(text.count) }
        let ascii = Array(text.utf8)
        guard ascii.count == 13, ascii.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw .notDigits }
        let values = ascii.map { Int($0 - 0x30) }
        let expected = Self.checkDigit(ofFirstTwelve: values[0..<12])
        guard values[12] == expected else { throw .badCheckDigit(expected: expected, found: values[12]) }
        digits = text
    }

    /// Completes twelve digits with their check digit (`299000000001` → `2990000000019`).
    /// Returns nil unless `twelveDigits` is exactly twelve ASCII digits.
    public init?(completing twelveDigits: String) {
        let ascii = Array(twelveDigits.utf8)
        guard ascii.count == 12, ascii.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let check = Self.checkDigit(ofFirstTwelve: ascii.map { Int($0 - 0x30) }[...])
        digits = twelveDigits + String(check)
    }

    /// A code made of `prefix` (2–4 digits), `serial` zero-padded to fill twelve digits, and the check digit.
    /// Returns nil when the prefix is not digits or the serial does not fit.
    public init?(prefix: String, serial: UInt64) {
        guard (1...11).contains(prefix.count), prefix.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let width = 12 - prefix.count
        let serialText = String(serial)
        guard serialText.count <= width else { return nil }
        self.init(completing: prefix + String(repeating: "0", count: width - serialText.count) + serialText)
    }

    /// Whether the code starts with `prefix`.
    public func hasPrefix(_ prefix: String) -> Bool { digits.hasPrefix(prefix) }

    /// The GS1 check digit of twelve digit values: weights 1,3,1,3… from the left.
    public static func checkDigit(ofFirstTwelve values: ArraySlice<Int>) -> Int {
        var sum = 0
        for (offset, value) in values.enumerated() { sum += offset % 2 == 0 ? value : value * 3 }
        return (10 - sum % 10) % 10
    }

    public var description: String { digits }
}
