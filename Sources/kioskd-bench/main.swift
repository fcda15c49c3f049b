import Foundation
import Glibc

// kioskd-bench: measures the budgets of DESIGN.md on a release build.
// Run through `make bench`, which builds in release mode and prepares peers.
var report = BenchReport()
let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))

let binDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
for product in ["kioskd", "kioskctl"] {
    let path = binDirectory.appendingPathComponent(product).path
    if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int {
        report.add(Figure(name: "\(product) binary size", value: Double(size) / 1_048_576, unit: "MiB", bound: .none))
    }
}

measureFooterEncoding(into: &report)

print(report.table(cores: cores))
print(report.json(cores: cores))
