import Foundation

/// How the key checks write numbers: ages with one decimal, periods in the largest whole unit.
enum KeyText {
    /// `287.9 days`.
    static func days(_ seconds: TimeInterval) -> String {
        String(format: "%.1f days", seconds / 86_400)
    }

    /// `365d`, `12h`, `90s`; a stored number no whole count can hold (`1e300`) is written as it is.
    static func period(_ seconds: Double) -> String {
        guard let whole = Int(exactly: seconds) else { return "\(seconds)s" }
        if whole >= 86_400, whole % 86_400 == 0 { return "\(whole / 86_400)d" }
        if whole >= 3_600, whole % 3_600 == 0 { return "\(whole / 3_600)h" }
        return "\(whole)s"
    }

    static func relation(_ value: Double, _ limit: Double) -> String { value > limit ? ">" : "≤" }
}
