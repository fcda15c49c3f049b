import Foundation

/// A duration as a technician reads it: `45 s`, `12 min`, `3 h 05 min`, `2 d 4 h`.
public enum DurationText {
    public static func describe(seconds: Int) -> String {
        let seconds = max(0, seconds)
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3_600 { return "\(seconds / 60) min" }
        if seconds < 86_400 { return String(format: "%d h %02d min", seconds / 3_600, seconds % 3_600 / 60) }
        return "\(seconds / 86_400) d \(seconds % 86_400 / 3_600) h"
    }
}
