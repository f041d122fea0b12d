import EvidenceModel
import Foundation

/// Registers read as whole documents (DESIGN §6, §12): the risk register, the asset inventory, an
/// OSCAL POA&M, an InSpec report's waivers.
///
/// Every collection of a register file writes one `register` record beside its entries; a document
/// is named by its collector and file name, and its entries in one collection are the records
/// collected with that `register` record (same collector, source and `observed_at`). At an instant,
/// a document's newest collection replaces everything it said before: an entry it no longer lists is
/// withdrawn, even when it lists nothing at all.
///
/// Entries from collections without a `register` record (stored before registers were documents)
/// are read entry by entry, as they were then: a subject's newest record counts, until a newer
/// collection of its document replaces it.
struct RegisterDocuments: Sendable {
    /// An entry its document no longer lists: its last record, and when the document dropped it.
    struct Withdrawal {
        let record: EvidenceRecord
        let at: Date
    }

    /// A document: the collector and file name its records carry.
    private struct Name: Hashable {
        let collector: String
        let file: String

        init(_ record: EvidenceRecord) {
            collector = record.collector
            file = record.source.name
        }
    }

    private let index: VisibleEvidence
    /// Each document's `register` records, oldest first (then in stored order).
    private let collections: [Name: [EvidenceRecord]]

    init(index: VisibleEvidence) {
        self.index = index
        var collections: [Name: [EvidenceRecord]] = [:]
        // One subject per document, so each list keeps the index's order.
        for (_, records) in index.recordsBySubject(of: EvidenceKind.register) {
            for record in records { collections[Name(record), default: []].append(record) }
        }
        self.collections = collections
    }

    /// The entries of `kind` in force at the instant, one record per subject, sorted by subject.
    ///
    /// When several documents list a subject, its newest record among theirs counts.
    func entries(of kind: String) -> [EvidenceRecord] {
        index.recordsBySubject(of: kind).compactMap { _, records in
            VisibleEvidence.newestCollection(inForce(records)).first
        }
        .sorted { $0.subject < $1.subject }
    }

    /// The subjects of `kind` that some collection listed and none in force lists now, sorted by subject.
    func withdrawn(of kind: String) -> [Withdrawal] {
        index.recordsBySubject(of: kind).compactMap { _, records -> Withdrawal? in
            guard inForce(records).isEmpty, let last = records.last else { return nil }
            return Withdrawal(record: last, at: droppedAt(last))
        }
        .sorted { $0.record.subject < $1.record.subject }
    }

    /// The records of one subject (oldest first) that are in force, in the same order.
    private func inForce(_ records: [EvidenceRecord]) -> [EvidenceRecord] {
        let newestOfSubject = Set(VisibleEvidence.newestCollection(records).map(\.id))
        return records.filter { record in
            guard let newest = collections[Name(record)]?.last else {
                return newestOfSubject.contains(record.id)  // never collected as a document
            }
            if record.observedAt == newest.observedAt && record.source.sha256 == newest.source.sha256 { return true }
            // Collected without a `register` record after the document's newest one (an older build).
            return newestOfSubject.contains(record.id) && record.observedAt > newest.observedAt
        }
    }

    /// The observation time of the first collection of `record`'s document after the one it came from.
    private func droppedAt(_ record: EvidenceRecord) -> Date {
        let later = collections[Name(record)]?.first { collection in
            collection.observedAt > record.observedAt
                || (collection.observedAt == record.observedAt && collection.source.sha256 != record.source.sha256)
        }
        return later?.observedAt ?? record.observedAt
    }
}
