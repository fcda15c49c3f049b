/// Renders diagnostic results for a technician's terminal: one line per check, then the
/// evidence and the fix indented under any check that is not ok.
public enum DiagnosticReport {
    public static func render(_ results: [DiagnosticResult]) -> String {
        var text = ""
        for result in results {
            let mark: String
            switch result.status {
            case .ok: mark = "ok  "
            case .warning: mark = "WARN"
            case .failed: mark = "FAIL"
            case .skipped: mark = "skip"
            }
            text += "[\(mark)] \(result.id.padding(toLength: 18, withPad: " ", startingAt: 0)) \(result.title)\n"
            text += "       \(result.evidence)\n"
            if let fix = result.fix, result.status != .ok { text += "       fix: \(fix)\n" }
        }
        let failed = results.filter { $0.status == .failed }.count
        let warned = results.filter { $0.status == .warning }.count
        text += failed == 0 ? "\nno problem found" : "\n\(failed) problem(s) found"
        text += warned > 0 ? ", \(warned) warning(s)\n" : "\n"
        return text
    }
}
