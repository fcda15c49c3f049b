import KioskService
import StrictJSON

/// Fuzzes the daemon's config decoder: any document either decodes or fails with a
/// `JSONDecodeError` whose message is one non-empty line — never a trap, never a crash.
enum ConfigFuzzTarget {
    static let target = FuzzTarget(name: "config") { bytes in
        do {
            _ = try KioskConfig.decode(try JSONCursor.parse(bytes))
        } catch let error as JSONDecodeError {
            let line = error.description
            guard !line.isEmpty, !line.contains("\n") else {
                fatalError("config error is not one line: \(line)")
            }
        } catch {
            fatalError("config decoding threw something other than JSONDecodeError: \(error)")
        }
    }
}
