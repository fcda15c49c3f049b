import Foundation
import Testing
import TestSupport
@testable import KioskService

@Suite("APITokenFile")
struct APITokenFileTests {
    @Test("created 0640 at first start with 64 hex digits, then read back unchanged")
    func createdOnce() throws {
        let directory = TemporaryDirectory()
        let file = APITokenFile(path: directory.path + "/api-token")
        let first = try file.loadOrCreate()
        #expect(first.created)
        #expect(first.token.count == 64 && first.token.allSatisfy(\.isHexDigit), "64 hex digits")
        #expect(try file.permissions() == 0o640, "mode 0640 whatever the umask")
        let second = try file.loadOrCreate()
        #expect(!second.created)
        #expect(second.token == first.token)
    }

    @Test("rotation replaces the token atomically, keeping 0640")
    func rotate() throws {
        let directory = TemporaryDirectory()
        let file = APITokenFile(path: directory.path + "/api-token")
        let old = try file.loadOrCreate().token
        let new = try file.rotate()
        #expect(new != old)
        #expect(try file.read() == new)
        #expect(try file.permissions() == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["api-token"], "no temporary file left")
    }

    @Test("a file that holds no token is refused")
    func invalidContent() throws {
        let directory = TemporaryDirectory()
        let path = try directory.write("api-token", "short\n")
        #expect(throws: (any Error).self) { try APITokenFile(path: path).loadOrCreate() }
    }

    @Test("kioskctl token rotate writes a new token")
    func kioskctlRotate() async throws {
        let directory = TemporaryDirectory()
        let file = APITokenFile(path: directory.path + "/api-token")
        let old = try file.loadOrCreate().token
        let process = Process()
        process.executableURL = BuiltProducts.kioskctl
        process.arguments = ["token", "rotate", "--token-file", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        let new = try #require(try file.read())
        #expect(new != old)
        #expect(!text.contains(new), "the token is not printed")
    }
}
