import EvidenceModel
import Foundation

/// A risk acceptance as the engine reviews and applies it: the `risk.acceptance` kind
/// (``RiskAcceptanceEvidence``) read from its record, and that record, cited as evidence of an
/// `accepted` result.
struct RiskAcceptance: Sendable, Hashable {
    typealias Extension = RiskAcceptanceEvidence.Extension

    let evidence: RiskAcceptanceEvidence
    /// The record it was read from, cited as evidence of an `accepted` result.
    let recordID: String

    /// Nil for a record of another kind.
    init?(record: EvidenceRecord) {
        guard let evidence = try? RiskAcceptanceEvidence(record: record) else { return nil }
        self.evidence = evidence
        recordID = record.id
    }

    /// The register id (`RA-7`).
    var id: String { evidence.id }
    /// The control it accepts failing ("" when the entry names none: it then covers nothing).
    var control: String { evidence.control ?? "" }
    var subjects: [String] { evidence.subjects }
    var approvedBy: String? { evidence.approvedBy }
    var acceptedAt: Date? { evidence.acceptedAt }
    var expiresAt: Date? { evidence.expiresAt }
    var extensions: [Extension] { evidence.extensions }

    /// The extensions granted by `instant`, oldest first (``RiskAcceptanceEvidence/extensions(grantedBy:)``).
    func extensions(grantedBy instant: Date) -> [Extension] { evidence.extensions(grantedBy: instant) }

    /// The expiry in force at `instant`: the newest extension's granted by then, else the original.
    func expiry(at instant: Date) -> Date? {
        extensions(grantedBy: instant).last(where: { $0.at != nil && $0.expiresAt != nil })?.expiresAt ?? expiresAt
    }

    func covers(control id: String, subject: String) -> Bool {
        control == id && subjects.contains(subject)
    }
}
