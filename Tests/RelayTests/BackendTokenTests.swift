import Foundation
import Relay
import Testing
import TestSupport

@Suite("BackendToken: from tokenFile or $CREDENTIALS_DIRECTORY, never printed")
struct BackendTokenTests {
    @Test("backend.tokenFile wins; the trailing newline is trimmed")
    func tokenFile() throws {
        let directory = TemporaryDirectory()
        let path = try directory.write("token", "s3cr3t-t0ken\n")
        let token = try BackendToken(tokenFile: path, environment: ["CREDENTIALS_DIRECTORY": "/nonexistent"])
        #expect(token.authorizationHeader() == "Bearer s3cr3t-t0ken")
    }

    @Test("without tokenFile, systemd's $CREDENTIALS_DIRECTORY/backend-token is used")
    func credentialsDirectory() throws {
        let directory = TemporaryDirectory()
        try directory.write("backend-token", "from-systemd")
        let token = try BackendToken(tokenFile: nil, environment: ["CREDENTIALS_DIRECTORY": directory.path])
        #expect(token.authorizationHeader() == "Bearer from-systemd")
        #expect(token.path.hasSuffix("/backend-token"))
    }

    @Test("the token never appears in descriptions or errors")
    func neverPrinted() throws {
        let directory = TemporaryDirectory()
        let path = try directory.write("token", "s3cr3t-t0ken")
        let token = try BackendToken(tokenFile: path, environment: [:])
        #expect(!"\(token)".contains("s3cr3t"))
        #expect(!String(reflecting: token).contains("s3cr3t"))
        try directory.write("token", "two words s3cr3t")
        #expect {
            try token.reload()
        } throws: { error in
            !"\(error)".contains("s3cr3t") && "\(error)".contains(path)
        }
        #expect(token.authorizationHeader() == "Bearer s3cr3t-t0ken", "an invalid file keeps the previous token")
    }

    @Test("missing sources and bad files are refused, naming the path", arguments: [
        ("", "empty"), ("   \n", "empty"), ("tab\tinside", "contains spaces"), ("é-token", "non-ASCII"),
    ])
    func invalid(content: String, reason: String) throws {
        let directory = TemporaryDirectory()
        let path = try directory.write("token", content)
        #expect {
            _ = try BackendToken(tokenFile: path, environment: [:])
        } throws: { "\($0)".contains(path) && "\($0)".contains(reason) }
    }

    @Test("no tokenFile and no credentials directory is an error")
    func noSource() {
        #expect(throws: BackendTokenError.self) { _ = try BackendToken(tokenFile: nil, environment: [:]) }
        #expect(throws: BackendTokenError.self) { _ = try BackendToken(tokenFile: "/nonexistent/token", environment: [:]) }
    }

    @Test("reload picks up a rotated token")
    func reload() throws {
        let directory = TemporaryDirectory()
        let path = try directory.write("token", "old-token")
        let token = try BackendToken(tokenFile: path, environment: [:])
        try directory.write("token", "new-token")
        #expect(try token.reload())
        #expect(token.authorizationHeader() == "Bearer new-token")
        #expect(try token.reload() == false)
    }

    @Test("a missing or empty file leaves the token awaited: no header, the reason names the file; it is taken once valid")
    func awaited() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/backend-token"
        let token = try BackendToken.awaiting(tokenFile: path, environment: [:])
        #expect(token.authorizationHeader() == nil, "no token, no header: nothing unauthenticated is sent")
        #expect(token.unavailableReason?.contains(path) == true, "\(token.unavailableReason ?? "nil")")
        try directory.write("backend-token", "\n")
        #expect(throws: BackendTokenError.self) { try token.reload() }
        #expect(token.unavailableReason?.contains("empty") == true, "the reason follows the file: \(token.unavailableReason ?? "nil")")
        try directory.write("backend-token", "fresh-token\n")
        #expect(try token.reload(), "a valid file is taken")
        #expect(token.authorizationHeader() == "Bearer fresh-token")
        #expect(token.unavailableReason == nil)
        #expect(throws: BackendTokenError.self, "awaiting still needs a place to look") { _ = try BackendToken.awaiting(tokenFile: nil, environment: [:]) }
    }
}
