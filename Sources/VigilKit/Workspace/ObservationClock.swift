import EvidenceModel
import Foundation

/// Evidence cannot be dated ahead to stay fresh: a collected `observed_at` may run ahead of this
/// host's clock by at most the configured skew (`clock_skew`, default 5 minutes).
enum ObservationClock {
    /// Why an input's records cannot be stored, or nil when none is dated too far ahead.
    static func rejection(of records: [EvidenceRecord], now: Date, skew: TimeInterval) -> String? {
        guard let ahead = records.lazy.compactMap({ aheadOfClock($0, now: now, skew: skew) }).first else { return nil }
        return ahead + ", so nothing of this input was stored"
    }

    /// Why one record is dated too far ahead of `now`, or nil when it is not.
    static func aheadOfClock(_ record: EvidenceRecord, now: Date, skew: TimeInterval) -> String? {
        guard record.observedAt.timeIntervalSince(now) > skew else { return nil }
        let ahead = Int(record.observedAt.timeIntervalSince(now).rounded())
        return "the record about \(record.subject) is observed at \(Timestamp.format(record.observedAt)), "
            + "\(ahead) s ahead of this host's clock (\(Timestamp.format(now))); at most \(Int(skew)) s is allowed "
            + "(clock_skew in vigil.yaml)"
    }
}
