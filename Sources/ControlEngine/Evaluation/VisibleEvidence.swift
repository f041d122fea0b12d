import EvidenceModel
import Foundation

/// The records visible at an instant (`observed_at` ≤ instant), grouped by kind and subject.
///
/// Filtering here, once, is what makes `--at` re-audit the past exactly: nothing collected later
/// reaches a check, a scope or an acceptance.
struct VisibleEvidence: Sendable {
    let instant: Date
    /// kind → subject → records, oldest first.
    private let byKind: [String: [String: [EvidenceRecord]]]

    init(records: [EvidenceRecord], at instant: Date) {
        self.instant = instant
        var grouped: [String: [String: [EvidenceRecord]]] = [:]
        for record in records where record.observedAt <= instant {
            grouped[record.kind, default: [:]][record.subject, default: []].append(record)
        }
        // Callers pass records in the order they were stored; keep it among equal observation times.
        for (kind, subjects) in grouped {
            for (subject, list) in subjects {
                grouped[kind]?[subject] = list.enumerated()
                    .sorted { ($0.element.observedAt, $0.offset) < ($1.element.observedAt, $1.offset) }
                    .map(\.element)
            }
        }
        self.byKind = grouped
    }

    /// `base` with `records` added, grouped as ``init(records:at:)`` groups them; their kinds must be
    /// kinds `base` does not hold (a slice's own kinds added to the shared ones, which are grouped once).
    init(_ base: VisibleEvidence, adding records: [EvidenceRecord]) {
        let added = VisibleEvidence(records: records, at: base.instant)
        self.init(instant: base.instant, byKind: base.byKind.merging(added.byKind) { shared, _ in shared })
    }

    private init(instant: Date, byKind: [String: [String: [EvidenceRecord]]]) {
        self.instant = instant
        self.byKind = byKind
    }

    /// The same evidence with the records of `kinds` filed under the subjects `subjects` names for
    /// them (a ``SubjectKeyedCheck``'s view), oldest first; other kinds are unchanged.
    func rekeyed(kinds: [String], by subjects: (EvidenceRecord) -> [String]) -> VisibleEvidence {
        var grouped = byKind
        for kind in Set(kinds) {
            var filed: [String: [(record: EvidenceRecord, order: (String, Int))]] = [:]
            for (subject, list) in byKind[kind] ?? [:] {
                for (offset, record) in list.enumerated() {
                    for key in Set(subjects(record)) { filed[key, default: []].append((record, (subject, offset))) }
                }
            }
            grouped[kind] = filed.mapValues { list in
                list.sorted { ($0.record.observedAt, $0.order.0, $0.order.1) < ($1.record.observedAt, $1.order.0, $1.order.1) }
                    .map(\.record)
            }
        }
        return VisibleEvidence(instant: instant, byKind: grouped)
    }

    /// A subject's records of one kind, oldest first; `observed` drops declared ones.
    func records(kind: String, subject: String, origin: EvidenceOrigin? = nil) -> [EvidenceRecord] {
        let all = byKind[kind]?[subject] ?? []
        guard origin == .observed else { return all }
        return all.filter { $0.origin == .observed }
    }

    /// Subjects with at least one record of one of `kinds` (of the given origin).
    func subjects(withAnyOf kinds: [String], origin: EvidenceOrigin? = nil) -> Set<String> {
        var subjects: Set<String> = []
        for kind in kinds {
            for subject in byKind[kind]?.keys ?? [:].keys
            where !records(kind: kind, subject: subject, origin: origin).isEmpty {
                subjects.insert(subject)
            }
        }
        return subjects
    }

    /// Every subject's records of one kind, oldest first.
    func recordsBySubject(of kind: String) -> [String: [EvidenceRecord]] {
        byKind[kind] ?? [:]
    }

    /// Subject → kinds → record count, over all kinds.
    var kindsBySubject: [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        for (kind, subjects) in byKind {
            for (subject, list) in subjects { result[subject, default: [:]][kind] = list.count }
        }
        return result
    }

    /// The records of the newest collection in a list sorted oldest first: those at the latest
    /// `observed_at` that came from the same input as the last one stored.
    ///
    /// Two inputs can carry the same observation time (a pinned `--observed-at`, or a corrected file
    /// collected again); the one stored last replaces the other, as a newer collection would.
    static func newestCollection(_ records: [EvidenceRecord]) -> [EvidenceRecord] {
        guard let last = records.last else { return [] }
        return records.filter { $0.observedAt == last.observedAt && $0.source.sha256 == last.source.sha256 }
    }
}
