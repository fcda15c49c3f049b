import Foundation
import Glibc
import Testing
@testable import KioskService

@Suite("Logger")
struct LoggerTests {
    /// Collects what a sink writes through a pipe.
    func capture(_ body: (Logger) -> Void, level: LogLevel = .info, secrets: [String] = []) -> [String] {
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        let sink = LogSink(descriptor: fds[1])
        for secret in secrets { sink.redact(secret) }
        body(Logger(label: "unit", level: level, sink: sink))
        close(fds[1])
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fds[0], &buffer, buffer.count)
            if n <= 0 { break }
            bytes += buffer[..<n]
        }
        close(fds[0])
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test("one line per event with the syslog priority prefix")
    func prefixes() {
        let lines = capture { log in
            log.error("printer offline")
            log.warning("backend down, retrying in 2 s")
            log.notice("ready")
            log.info("sale closed")
        }
        #expect(lines == ["<3>unit: printer offline", "<4>unit: backend down, retrying in 2 s", "<5>unit: ready", "<6>unit: sale closed"])
    }

    @Test("lines below the level are not written nor built")
    func levelFilter() {
        nonisolated(unsafe) var built = false
        let lines = capture({ log in
            log.debug({ built = true; return "detail" }())
            log.notice("kept")
        }, level: .notice)
        #expect(lines == ["<5>unit: kept"])
        #expect(!built, "a filtered message is never built")
    }

    @Test("a newline in a message cannot forge a second line")
    func newlinesFolded() {
        let lines = capture { $0.info("scan \"123\n<3>fake\"") }
        #expect(lines.count == 1)
    }

    @Test("registered secrets never appear")
    func redaction() {
        let token = "s3cr3t-token-value"
        let lines = capture({ log in
            log.info("Authorization: Bearer \(token)")
            log.error("backend refused \(token)")
        }, secrets: [token])
        #expect(lines == ["<6>unit: Authorization: Bearer ***", "<3>unit: backend refused ***"])
    }

    @Test("level names round-trip", arguments: LogLevel.allCases)
    func names(_ level: LogLevel) {
        #expect(LogLevel(name: level.description) == level)
    }
}
