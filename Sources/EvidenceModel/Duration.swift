import Foundation

/// A span written `Nw`, `Nd`, `Nh`, `Nm` or `Ns` (weeks, days, hours, minutes, seconds), as controls,
/// policies and command timeouts write it.
public struct EvidenceDuration: Sendable, Hashable, Codable, CustomStringConvertible {
    public let seconds: TimeInterval
    /// The text it was written as, kept for reasons and reports (`90d`).
    public let text: String

    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let unit = trimmed.last, let count = Int(trimmed.dropLast()), count >= 0 else { return nil }
        let scale: TimeInterval
        switch unit {
        case "w": scale = 7 * 86_400
        case "d": scale = 86_400
        case "h": scale = 3_600
        case "m": scale = 60
        case "s": scale = 1
        default: return nil
        }
        self.seconds = TimeInterval(count) * scale
        self.text = trimmed
    }

    public init(days: Int) {
        self.seconds = TimeInterval(days) * 86_400
        self.text = "\(days)d"
    }

    public var days: Double { seconds / 86_400 }

    public var description: String { text }
}

extension TimeInterval {
    /// "12.5 days", "3 hours": an age in the unit a reader expects, for reasons.
    public var humanAge: String {
        let days = self / 86_400
        if abs(days) >= 1 {
            return "\(Self.trimmed(days)) day\(abs(days) == 1 ? "" : "s")"
        }
        let hours = self / 3_600
        if abs(hours) >= 1 { return "\(Self.trimmed(hours)) hour\(abs(hours) == 1 ? "" : "s")" }
        let minutes = (self / 60).rounded()
        return "\(Self.trimmed(minutes)) minute\(minutes == 1 ? "" : "s")"
    }

    /// One decimal at most; an age beyond any whole count (from a hostile timestamp) is written as it is.
    private static func trimmed(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        guard let whole = Int(exactly: r) else { return r.rounded() == r ? "\(r)" : String(format: "%.1f", r) }
        return String(whole)
    }
}
