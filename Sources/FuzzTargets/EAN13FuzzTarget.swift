import Identity

/// Fuzzes EAN-13 validation: a code that validates must keep its digits, and completing
/// its first twelve digits must give back the same check digit.
enum EAN13FuzzTarget {
    static let target = FuzzTarget(name: "ean13") { bytes in
        let text = String(decoding: bytes.prefix(64), as: UTF8.self)
        guard let code = try? EAN13(validating: text) else { return }
        guard code.digits == text, EAN13(completing: String(text.prefix(12)))?.digits == text else {
            fatalError("EAN-13 round trip broke for \(text)")
        }
    }
}
