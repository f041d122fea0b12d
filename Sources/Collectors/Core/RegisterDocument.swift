import EvidenceModel

/// The `register` record every collection of a register file adds beside its entries (DESIGN §12,
/// "registers are documents"): the risk register, the asset inventory, a POA&M, an InSpec report.
///
/// The document is named by its collector and file name (`register:risks/register.yaml`); its entries
/// are the records of `entry_kind` collected with it (same collector, source and `observed_at`). The
/// engine takes a document's newest collection as everything it says, so an entry left out of it is
/// withdrawn. The record is what lets a register that lists nothing withdraw everything: without it,
/// an empty collection would leave no trace. Like every record it follows from the input alone, so
/// collecting the same file twice at the same time stores it once.
enum RegisterDocument {
    static func record(
        collector: String, entryKind: String, entries: Int, input: CollectorInput
    )
        throws(CollectionFailure) -> EvidenceRecord
    {
        let subject = SubjectType.register.rawValue + ":" + collector + "/" + input.fileName
        if let problem = Subject.problem(with: subject) { throw input.failure(at: "file name", problem) }
        return EvidenceRecord(
            kind: EvidenceKind.register, subject: subject, observedAt: input.observedAt, collector: collector,
            origin: .declared, source: input.source,
            data: RegisterEvidence(entryKind: entryKind, entries: entries).data)
    }
}
