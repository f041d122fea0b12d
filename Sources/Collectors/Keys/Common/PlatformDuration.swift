import Foundation

/// Durations as the platforms print them: protobuf JSON `"7776000s"` (GCP), Go `"720h0m0s"` (Vault
/// in some versions), or plain seconds.
enum PlatformDuration {
    static func seconds(_ node: JSONNode) throws(CollectionFailure) -> Double {
        if let seconds = node.value.doubleValue { return try inRange(seconds, node) }
        let text = try node.string()
        guard let seconds = parse(text) else {
            throw node.failure("'\(text)' is not a duration (expected seconds such as \"7776000s\")")
        }
        return try inRange(seconds, node)
    }

    /// No platform configures a period beyond a century; a longer one is a typo or an attack, and
    /// the checks' whole-unit arithmetic (`365d`) must never meet it.
    static let longest: Double = 100 * 365 * 86_400

    /// A whole number of days (AWS `RotationPeriodInDays`), in seconds, in the same range.
    static func days(_ node: JSONNode) throws(CollectionFailure) -> Double {
        try inRange(Double(try node.integer()) * 86_400, node)
    }

    /// `seconds` when it is a period a platform can have (0 to 100 years), else a failure at `node`.
    static func inRange(_ seconds: Double, _ node: JSONNode) throws(CollectionFailure) -> Double {
        guard seconds.isFinite, seconds >= 0, seconds <= longest else {
            throw node.failure("duration \(seconds) seconds is out of range (0 to 100 years)")
        }
        return seconds
    }

    /// `"7776000s"`, `"1.5s"`, `"720h0m0s"`, `"90m"`; nil when the text is anything else.
    static func parse(_ text: String) -> Double? {
        let units: [Character: Double] = ["h": 3600, "m": 60, "s": 1]
        var total = 0.0
        var number = ""
        var sawUnit = false
        for c in text {
            if c.isNumber || c == "." {
                number.append(c)
            } else if let scale = units[c], let value = Double(number) {
                total += value * scale
                number = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        return sawUnit && number.isEmpty ? total : nil
    }
}
