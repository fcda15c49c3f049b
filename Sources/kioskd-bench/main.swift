import Foundation
import Glibc

// kioskd-bench: measures the budgets of DESIGN.md on a release build.
// Run through `make bench`, which builds in release mode and prepares the peers.
//
//   kioskd-bench [--only SECTION,…] [--quick]
//
// Sections, in run order: sizes, footer, close, drain, scan, daemon, badge. `--quick` shortens every
// window (for a smoke run; figures are then noisier). A section that cannot run is listed as
// skipped with the reason; a section that fails makes the exit status 1.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments == ["--serve-backend"] { BenchBackend.serve() }
let allSections = ["sizes", "footer", "close", "drain", "scan", "daemon", "badge"]
var selected = allSections
var quick = false
var index = 0
while index < arguments.count {
    switch arguments[index] {
    case "--only" where index + 1 < arguments.count:
        selected = arguments[index + 1].split(separator: ",").map(String.init)
        index += 1
    case "--quick":
        quick = true
    default:
        FileHandle.standardError.write(Data("usage: kioskd-bench [--only \(allSections.joined(separator: ","))] [--quick]\n".utf8))
        exit(2)
    }
    index += 1
}

var report = BenchReport()
let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
let binDirectory = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
    .deletingLastPathComponent()
let kioskd = binDirectory.appendingPathComponent("kioskd").path
let peers = PeerTools.fromEnvironment()
let loadBefore = MachineLoad.oneMinute()
var failed = false

/// Runs one section if selected and merges its figures; a failure is listed and fails the run.
@MainActor
func section(_ name: String, _ body: () async throws -> BenchReport) async {
    guard selected.contains(name) else { return }
    FileHandle.standardError.write(Data("kioskd-bench: \(name)…\n".utf8))
    let load = MachineLoad.oneMinute()
    do {
        report.merge(try await body(), load: load)
    } catch {
        report.skip(name, because: "FAILED: \(error)")
        failed = true
    }
}

await section("sizes") {
    var report = BenchReport()
    func size(_ path: String) -> Int? { (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int }
    for product in ["kioskd", "kioskctl"] {
        if let built = size(binDirectory.appendingPathComponent(product).path) {
            report.add(Figure(name: "\(product) binary size", value: Double(built) / 1_048_576, unit: "MiB", bound: .none,
                              note: "release, Swift runtime and Foundation linked statically, unstripped"))
        }
        // scripts/bench leaves the stripped copy the Debian package would hold next to the build.
        let shipped = binDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("\(product).shipped").path
        if let stripped = size(shipped) {
            report.add(Figure(name: "\(product) binary size as packaged", value: Double(stripped) / 1_048_576, unit: "MiB", bound: .none,
                              note: "strip --strip-debug, as scripts/deb"))
        }
    }
    return report
}
await section("footer") { try FooterBench.measure(peers: peers) }
await section("close") { try await SaleCloseBench.measure(duration: quick ? 2 : 10) }
await section("drain") {
    try await DrainBench.measure(executable: binDirectory.appendingPathComponent("kioskd-bench").path,
                                 sizes: quick ? [2_000, 10_000] : [10_000, 100_000], pythonCount: quick ? 500 : 2_000)
}
await section("scan") { try await ScanBench.measure(kioskd: kioskd, scans: quick ? 50 : 300) }
await section("daemon") {
    try await DaemonBench.measure(kioskd: kioskd, runs: quick ? 3 : 20, idleSeconds: quick ? 5 : 30, badgeReader: true)
}
await section("badge") { try await BadgeBench.measure(kioskd: kioskd, peers: peers, cards: quick ? 5 : 20) }

report.machine = "\(cores) cores, load average \(Figure.format(loadBefore)) → \(Figure.format(MachineLoad.oneMinute())) (1 min)"
print(report.table(cores: cores))
print(report.json(cores: cores))
exit(failed ? 1 : 0)
