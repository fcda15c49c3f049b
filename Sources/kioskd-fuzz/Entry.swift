import FuzzTargets
import Foundation

// libFuzzer entry: `make fuzz` builds this product with `--sanitize=fuzzer --sanitize=address
// -Xswiftc -DKIOSKD_FUZZING` and runs it once per target, the target chosen by the
// KIOSKD_FUZZ_TARGET environment variable (read once).
let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["KIOSKD_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTargets.named(name) else {
        let names = FuzzTargets.all.map(\.name).joined(separator: ", ")
        FileHandle.standardError.write(Data("KIOSKD_FUZZ_TARGET must be one of: \(names)\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    selectedTarget.body(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if !KIOSKD_FUZZING
/// Without the fuzzer, the binary replays files: `kioskd-fuzz TARGET FILE…`.
@main
struct FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTargets.named(name) else {
            print("usage: kioskd-fuzz TARGET FILE…  (targets: \(FuzzTargets.all.map(\.name).joined(separator: ", ")))")
            exit(2)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            target.body(Array(data))
        }
    }
}
#endif
