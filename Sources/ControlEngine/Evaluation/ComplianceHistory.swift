import EvidenceModel
import Foundation

/// Compliance over time, computed from the store: the same controls evaluated at earlier instants,
/// each with only the evidence observed by then, reduced to counts for the HTML report's chart.
public enum ComplianceHistory {
    /// At most this many instants, so a long-lived store costs a bounded number of evaluations.
    public static let maxInstants = 30

    /// The distinct change times (commits, observations) strictly before `instant`, thinned evenly
    /// to `limit - 1` (keeping the
    /// newest), followed by `instant` itself: the chart always ends at the report it belongs to.
    public static func instants(commitTimes: [Date], upTo instant: Date, limit: Int = maxInstants) -> [Date] {
        let earlier = Array(Set(commitTimes.filter { $0 < instant })).sorted()
        let room = max(0, limit - 1)
        guard earlier.count > room else { return earlier + [instant] }
        guard room > 0 else { return [instant] }
        // Evenly spaced indices from the oldest to the newest commit.
        let picked = (0..<room).map { i in
            room == 1 ? earlier.count - 1 : Int((Double(i) * Double(earlier.count - 1) / Double(room - 1)).rounded())
        }
        return Array(Set(picked)).sorted().map { earlier[$0] } + [instant]
    }

    /// One snapshot per instant, oldest first; `records` may include later ones, which each evaluation ignores.
    public static func snapshots(evaluator: Evaluator, records: [EvidenceRecord], at instants: [Date]) -> [ComplianceSnapshot] {
        instants.sorted().map { evaluator.evaluate(records: records, at: $0, checkpoint: nil).snapshot }
    }
}
