import EvidenceModel
import Foundation

/// `freshness`: a subject whose newest evidence is older than the limit is `stale`.
///
/// Stale wins over the check's verdict, pass or fail: the verdict of old evidence is not trusted,
/// and what the subject needs is a new collection.
struct FreshnessPolicy {
    let limit: EvidenceDuration

    /// The `stale` reason when the newest evidence is too old at `instant`, else nil.
    func staleReason(newest: Date, at instant: Date) -> String? {
        let age = instant.timeIntervalSince(newest)
        guard age > limit.seconds else { return nil }
        return "newest evidence \(age.humanAge) old (freshness \(limit))"
    }
}
