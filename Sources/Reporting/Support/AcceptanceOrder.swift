import EvidenceModel

extension AcceptanceReview {
    /// Stale first (they need action), then active, then withdrawn; by id among equals.
    static func staleFirst(_ reviews: [AcceptanceReview]) -> [AcceptanceReview] {
        func rank(_ review: AcceptanceReview) -> Int { review.isStale ? 0 : review.isActive ? 1 : 2 }
        return reviews.sorted { (rank($0), $0.id) < (rank($1), $1.id) }
    }

    /// "1 stale" and, when there are any, ", 2 withdrawn".
    static func tally(_ reviews: [AcceptanceReview]) -> String {
        let withdrawn = reviews.filter(\.isWithdrawn).count
        return "\(reviews.filter(\.isStale).count) stale" + (withdrawn > 0 ? ", \(withdrawn) withdrawn" : "")
    }

    /// The status with what explains it: `stale (expired, unneeded)`, `active`, `withdrawn 2026-11-25T00:00:00Z`.
    var stateText: String {
        if let withdrawnAt { return "withdrawn \(Timestamp.format(withdrawnAt))" }
        return isStale ? "stale (" + reasons.map(\.rawValue).joined(separator: ", ") + ")" : statusName
    }
}
