import EvidenceModel
import Foundation

/// The records visible at an instant (`observed_at` ≤ instant), grouped by kind and subject.
///
/// Filtering here, once, is what makes `--at` re-audit the past exactly: nothing collected later
/// reaches a check, a scope or an acceptance.
struct EvidenceIndex {
    let instant: Date
    /// kind → subject → records, oldest first.
    private let byKind: [String: [String: [EvidenceRecord]]]

    init(records: [EvidenceRecord], at instant: Date) {
        self.instant = instant
        var grouped: [String: [String: [EvidenceRecord]]] = [:]
        for record in records where record.observedAt <= instant {
            grouped[record.kind, default: [:]][record.subject, default: []].append(record)
        }
        for (kind, subjects) in grouped {
            for (subject, list) in subjects {
                grouped[kind]?[subject] = list.sorted { ($0.observedAt, $0.id) < ($1.observedAt, $1.id) }
            }
        }
        self.byKind = grouped
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

    /// Every subject's newest collection of one kind: the records at its latest `observed_at`.
    func newestCollections(of kind: String) -> [String: [EvidenceRecord]] {
        (byKind[kind] ?? [:]).mapValues(Self.newestCollection)
    }

    /// Subject → kinds → record count, over all kinds.
    var kindsBySubject: [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        for (kind, subjects) in byKind {
            for (subject, list) in subjects { result[subject, default: [:]][kind] = list.count }
        }
        return result
    }

    /// The records at the latest `observed_at` of a list sorted oldest first.
    static func newestCollection(_ records: [EvidenceRecord]) -> [EvidenceRecord] {
        guard let newest = records.last?.observedAt else { return [] }
        return records.filter { $0.observedAt == newest }
    }
}
