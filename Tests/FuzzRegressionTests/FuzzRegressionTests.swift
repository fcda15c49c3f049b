import Foundation
import Testing
import TestSupport
@testable import FuzzTargets

/// Replays every saved fuzz input (seeds and crashers) through its target's body, so a crash
/// found once by `make fuzz` stays fixed. Inputs live in `Tests/FuzzCorpus/<target>/`.
@Suite("fuzz regressions")
struct FuzzRegressionTests {
    static var corpus: URL { BuiltProducts.packageRoot.appendingPathComponent("Tests/FuzzCorpus") }

    static var cases: [String] {
        FuzzTargets.all.flatMap { target in
            let folder = corpus.appendingPathComponent(target.name)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return files.sorted().map { "\(target.name)/\($0)" }
        }
    }

    @Test("every fuzz target has a corpus folder with at least one input")
    func everyTargetHasCorpus() {
        for target in FuzzTargets.all {
            let folder = Self.corpus.appendingPathComponent(target.name)
            let count = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).count
            #expect(count > 0, "Tests/FuzzCorpus/\(target.name) holds inputs")
        }
    }

    @Test("saved input replays without a crash", arguments: cases)
    func replay(_ entry: String) throws {
        let name = String(entry.split(separator: "/")[0])
        let target = try #require(FuzzTargets.named(name))
        let data = try Data(contentsOf: Self.corpus.appendingPathComponent(entry))
        target.body(Array(data))
    }
}
