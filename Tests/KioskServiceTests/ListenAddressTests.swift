import Testing
@testable import KioskService

@Suite("ListenAddress")
struct ListenAddressTests {
    @Test("valid addresses", arguments: [
        ("127.0.0.1:8765", "127.0.0.1", 8765, true),
        ("[::1]:8765", "::1", 8765, true),
        ("0.0.0.0:80", "0.0.0.0", 80, false),
        ("127.0.0.1:0", "127.0.0.1", 0, true),
    ])
    func valid(text: String, host: String, port: Int, loopback: Bool) throws {
        let address = try #require(ListenAddress(text))
        #expect(address.host == host)
        #expect(Int(address.port) == port)
        #expect(address.isLoopback == loopback)
        #expect(address.description == text)
    }

    @Test("invalid addresses", arguments: ["localhost:8765", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "::1:80", "[::1]8765", "[127.0.0.1]:1", "127.0.0.1:+80", "1.2.3:4"])
    func invalid(text: String) {
        #expect(ListenAddress(text) == nil, "\(text) is refused")
    }
}
