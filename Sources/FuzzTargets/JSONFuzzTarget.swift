import StrictJSON

/// Fuzzes the strict JSON parser: any input either fails with a `JSONSyntaxError` or parses
/// to a value that the writer prints back to text parsing to the same value.
enum JSONFuzzTarget {
    static let target = FuzzTarget(name: "json") { bytes in
        guard let value = try? JSONParser.parse(bytes) else { return }
        let text = JSONWriter.string(value)
        guard let again = try? JSONParser.parse(text) else {
            fatalError("writer produced unparsable JSON: \(text)")
        }
        guard again == value else { fatalError("round trip changed the value: \(text)") }
    }
}
