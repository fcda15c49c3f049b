import Foundation
import Testing
import TestSupport

/// The doctor output pasted in README.md and docs/kioskctl.md stays what `kioskctl doctor`
/// prints: the same checks, titles, order and status words.
@Suite("kioskctl documentation matches the command")
struct KioskctlDocsTests {
    static func text(_ path: String) throws -> String {
        try String(contentsOf: BuiltProducts.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// The `[ok  ] id  title` lines of every doctor output block in `text`, block by block.
    static func doctorBlocks(_ text: String) -> [[(id: String, title: String)]] {
        text.components(separatedBy: "$ kioskctl doctor").dropFirst().map { block in
            let body = block.components(separatedBy: "```").first ?? ""
            return body.split(separator: "\n").compactMap { line -> (id: String, title: String)? in
                guard let status = ["[ok  ] ", "[WARN] ", "[FAIL] ", "[skip] "].first(where: { line.hasPrefix($0) }) else { return nil }
                let words = line.dropFirst(status.count).split(separator: " ", maxSplits: 1)
                guard words.count == 2 else { return nil }
                return (String(words[0]), words[1].trimmingCharacters(in: .whitespaces))
            }
        }
    }

    @Test("every check in a documented run is one doctor runs, with its title, in doctor's order", arguments: ["README.md", "docs/kioskctl.md"])
    func pastedOutput(file: String) throws {
        let kiosk = try FakeKiosk()
        let (result, _) = try kiosk.doctor()
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let checks = (object?["checks"] as? [[String: Any]] ?? []).map { (id: $0["id"] as? String ?? "", title: $0["title"] as? String ?? "") }
        let order = checks.map(\.id)
        let blocks = Self.doctorBlocks(try Self.text(file))
        #expect(!blocks.isEmpty, "\(file) shows doctor's output")
        for block in blocks {
            #expect(!block.isEmpty)
            for line in block {
                let check = checks.first { $0.id == line.id }
                #expect(check?.title == line.title, "\(file): '\(line.id)  \(line.title)' is what doctor prints")
            }
            let positions = block.compactMap { line in order.firstIndex(of: line.id) }
            #expect(positions == positions.sorted(), "\(file): checks in doctor's order")
        }
    }

    @Test("docs/kioskctl.md has a row for every doctor check and shows a complete run")
    func everyCheckDocumented() throws {
        let kiosk = try FakeKiosk()
        let (_, statuses) = try kiosk.doctor()
        let text = try Self.text("docs/kioskctl.md")
        for id in statuses.keys {
            #expect(text.contains("| `\(id)` |"), "docs/kioskctl.md describes the \(id) check")
        }
        let complete = Self.doctorBlocks(text).filter { Set($0.map(\.id)) == Set(statuses.keys) }
        #expect(!complete.isEmpty, "at least one pasted run shows every check")
    }
}
