import Foundation
import Testing
import TestSupport

@Suite("docs/backend-api.yaml: valid OpenAPI describing what the relay calls")
struct BackendAPISpecTests {
    static let root = BuiltProducts.packageRoot
    static let spec = root.appendingPathComponent("docs/backend-api.yaml")

    /// Runs scripts/validate-openapi (openapi-spec-validator from PyPI in a venv under .build/)
    /// on a thread of its own: the first run installs the validator (tens of seconds).
    static func validate(_ path: String) async throws -> (status: Int32, output: String) {
        try await offPool { try validateNow(path) }
    }

    static func validateNow(_ path: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("scripts/validate-openapi").path, path]
        process.currentDirectoryURL = root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test("openapi-spec-validator accepts the document, and rejects a broken copy", .timeLimit(.minutes(5)))
    func validates() async throws {
        let result = try await Self.validate(Self.spec.path)
        #expect(result.status == 0, "the spec validates: \(result.output)")
        #expect(result.output.contains("OK"))

        // The same document with a response missing its required description must fail:
        // the validator really checks.
        let directory = TemporaryDirectory()
        let text = try String(contentsOf: Self.spec, encoding: .utf8)
        let broken = text.replacingOccurrences(of: "          description: Recorded now.\n", with: "")
        #expect(broken != text)
        let brokenPath = try directory.write("broken.yaml", broken)
        let rejected = try await Self.validate(brokenPath)
        #expect(rejected.status != 0, "a response without description is invalid OpenAPI")
    }

    @Test("the document covers every call and rule of the relay", arguments: [
        "/v1/sales:", "/v1/accounts/{credential}:", "/v1/vouchers/{code}/redeem:", "/v1/vouchers/{code}/release:", "name: Idempotency-Key",
        "scheme: bearer", "permanent unique key", "idempotency-key-reuse", "'409':", "'422':", "SaleReceipt", "Error:",
    ])
    func covers(fragment: String) throws {
        let text = try String(contentsOf: Self.spec, encoding: .utf8)
        #expect(text.contains(fragment), "backend-api.yaml mentions \(fragment)")
    }
}
