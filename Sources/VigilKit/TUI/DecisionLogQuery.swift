import EvidenceModel
import EvidenceStore
import Foundation

/// The records a domain's decision log reads (issue #16): the domain's own records and every
/// certificate naming it (certificates are filed under `cert:` subjects, their names in `data`).
extension Pipeline {
    /// The ``DecisionLog`` of `subject` (`domain:NAME`) from the records `query` admits (its
    /// instants apply; its subject and kind are replaced).
    public func decisionLog(subject: String, _ query: RecordQuery = RecordQuery()) throws(VigilError) -> DecisionLog {
        DecisionLog(subject: subject, records: try decisionLogRecords(subject: subject, query))
    }

    func decisionLogRecords(subject: String, _ query: RecordQuery) throws(VigilError) -> [EvidenceRecord] {
        var own = query
        own.subject = subject
        own.kind = nil
        var certificates = query
        certificates.subject = nil
        certificates.kind = EvidenceKind.certificate
        return try evidence(own) + evidence(certificates)
    }
}
