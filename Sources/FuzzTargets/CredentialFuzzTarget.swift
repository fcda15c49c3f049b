import Identity

/// Fuzzes scan classification: whatever a scanner sends, the classifier answers without
/// trapping, and anything it accepts as a loyalty card or voucher is a valid EAN-13 with
/// the configured prefix.
enum CredentialFuzzTarget {
    static let classifier = CredentialClassifier(loyaltyPrefix: "299", voucherPrefix: "555")

    static let target = FuzzTarget(name: "credential") { bytes in
        let text = String(decoding: bytes.prefix(256), as: UTF8.self)
        switch classifier.classify(text) {
        case .voucher(let code):
            guard code.hasPrefix("555"), (try? EAN13(validating: code.digits)) != nil else {
                fatalError("accepted \(text) as a voucher")
            }
        case .credential(let credential):
            if case .card(let code) = credential, !code.hasPrefix("299") {
                fatalError("accepted \(text) as a loyalty card without the prefix")
            }
        case .unrecognised, .invalid:
            break
        }
    }
}
