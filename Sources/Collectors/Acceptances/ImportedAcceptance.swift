import EvidenceModel
import Foundation

/// A risk acceptance read from another tool's format (InSpec waivers, OSCAL POA&M risks), written
/// with exactly the keys of the risk register's records so the engine reviews and applies it alike.
///
/// Unlike the register, these formats may lack an acceptance date, an expiry or an approver; the
/// keys are then left out and the engine reports the acceptance as stale for that reason
/// (`expired`: no expiry, `no_approver`), which is the honest verdict on such an acceptance.
struct ImportedAcceptance: Sendable, Hashable {
    struct Extension: Sendable, Hashable {
        let at: Date
        let expiresAt: Date
        let by: String?
        let reason: String?
    }

    let id: String
    let control: String?
    let subjects: [String]
    let reason: String?
    let owner: String?
    let approvedBy: String?
    let acceptedAt: Date?
    let expiresAt: Date?
    let extensions: [Extension]

    var subject: String { "risk:" + id }

    /// The same keys as the `risks` collector's data (`RiskAcceptance.data`).
    var data: [String: JSONValue] {
        var data: [String: JSONValue] = [
            "id": .string(id),
            "subjects": .array(subjects.map(JSONValue.string)),
            "extensions": .array(
                extensions.map { item in
                    var entry: [String: JSONValue] = [
                        "at": .string(Timestamp.format(item.at)), "expires_at": .string(Timestamp.format(item.expiresAt)),
                    ]
                    entry["by"] = item.by.map(JSONValue.string)
                    entry["reason"] = item.reason.map(JSONValue.string)
                    return .object(entry)
                }),
        ]
        data["control"] = control.map(JSONValue.string)
        data["accepted_at"] = acceptedAt.map { .string(Timestamp.format($0)) }
        data["expires_at"] = expiresAt.map { .string(Timestamp.format($0)) }
        data["reason"] = reason.map(JSONValue.string)
        data["owner"] = owner.map(JSONValue.string)
        data["approved_by"] = approvedBy.map(JSONValue.string)
        return data
    }

    func record(collector: String, input: CollectorInput) -> EvidenceRecord {
        EvidenceRecord(
            kind: EvidenceKind.riskAcceptance, subject: subject, observedAt: input.observedAt, collector: collector,
            origin: .declared, source: input.source, data: data)
    }
}
