/// A named fuzz entry point: takes arbitrary bytes and must return without trapping.
///
/// Each body checks the invariants of one parser (a round trip, a bound on output size)
/// and calls `fatalError` only when an invariant breaks — which libFuzzer reports as a crash.
/// The same bodies replay every saved input in `Tests/FuzzCorpus/<name>/` under `make test`.
public struct FuzzTarget: Sendable {
    /// The target's name, also the folder of its corpus (`json`, `ean13`, …).
    public let name: String
    /// The body run for each input.
    public let body: @Sendable ([UInt8]) -> Void

    public init(name: String, body: @escaping @Sendable ([UInt8]) -> Void) {
        self.name = name
        self.body = body
    }
}

/// Every fuzz target of the project.
public enum FuzzTargets {
    public static let all: [FuzzTarget] = [
        JSONFuzzTarget.target,
        EAN13FuzzTarget.target,
        CredentialFuzzTarget.target,
        ConfigFuzzTarget.target,
        EvdevFuzzTarget.target,
        EscPosFuzzTarget.target,
        HTTPRequestFuzzTarget.target,
    ]

    /// The target called `name`, if any.
    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}
