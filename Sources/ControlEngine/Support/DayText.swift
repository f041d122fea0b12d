import EvidenceModel
import Foundation

/// Dates as reasons show them: `2026-07-10` at midnight UTC, the full RFC 3339 instant otherwise.
enum DayText {
    static func of(_ date: Date) -> String {
        let text = Timestamp.format(date)
        return text.hasSuffix("T00:00:00Z") ? String(text.prefix(10)) : text
    }
}
