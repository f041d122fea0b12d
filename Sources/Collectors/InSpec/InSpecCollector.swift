import EvidenceModel
import Foundation

/// Reads InSpec JSON reporter output (`inspec exec … --reporter json`, also Chef Automate reports):
/// one `control.result` record per control, one `risk.acceptance` per waived control, and the
/// `register` record that makes the report's waivers one document (``RegisterDocument``).
///
/// The subject is `--subject` when given, else `host:` and the report's `platform.target_id`, its
/// Automate `node_name`, or the file name up to its first dot. A waiver becomes an acceptance with
/// the id `inspec:<host>:<control>`, the control's id, the host, the justification as reason and
/// `expiration_date` as expiry; InSpec records no approver or acceptance date (inspec/inspec#4551),
/// so those keys are absent and the engine reports such a waiver as lacking an approver. Expired
/// waivers keep their past expiry and are reported `expired`.
public struct InSpecCollector: EvidenceCollector {
    public let name = "inspec"

    public init() {}

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        let document = try JSONDocuments.single(input, of: "InSpec JSON report").value
        guard document.objectValue != nil else { throw input.failure(at: "$", "expected an InSpec JSON report (object), found \(document.typeName)") }
        guard let profiles = document["profiles"]?.arrayValue else {
            throw input.failure(at: "$.profiles", "required: InSpec's JSON reporter writes a list of profiles")
        }
        let subject = try hostSubject(document, input)
        let source = input.source
        var records: [EvidenceRecord] = []
        var waived: [String: RiskAcceptanceEvidence] = [:]
        for (index, profile) in profiles.enumerated() {
            let path = JSONPath.element("$.profiles", index)
            guard profile.objectValue != nil else { throw input.failure(at: path, "expected object, found \(profile.typeName)") }
            let profileName = profile["name"]?.stringValue ?? "profile \(index)"
            guard let controls = profile["controls"]?.arrayValue else {
                throw input.failure(at: JSONPath.child(path, "controls"), "required: a list of controls")
            }
            for (controlIndex, value) in controls.enumerated() {
                let controlPath = JSONPath.element(JSONPath.child(path, "controls"), controlIndex)
                let control = try InSpecControl(value, profile: profileName, at: controlPath, in: input)
                records.append(
                    EvidenceRecord(
                        kind: EvidenceKind.controlResult, subject: subject, observedAt: input.observedAt, collector: name,
                        origin: .observed, source: source, data: control.result.data))
                if let waiver = control.waiver {
                    let acceptance = Self.acceptance(control, waiver, subject: subject)
                    waived[acceptance.id] = waived[acceptance.id] ?? acceptance
                }
            }
        }
        let acceptances = waived.values.sorted { $0.id < $1.id }.map { $0.record(collector: name, input: input) }
        // The report's waivers are one document: a newer report of this file withdraws waivers it no longer has.
        let waivers = try RegisterDocument.record(
            collector: name, entryKind: EvidenceKind.riskAcceptance, entries: acceptances.count, input: input)
        return records + acceptances + [waivers]
    }

    private static func acceptance(
        _ control: InSpecControl, _ waiver: InSpecControl.Waiver, subject: String
    )
        -> RiskAcceptanceEvidence
    {
        let host = String(subject.dropFirst("host:".count))
        return RiskAcceptanceEvidence(
            id: "inspec:\(host):\(control.id)", control: control.id, subjects: [subject],
            reason: waiver.justification, owner: nil, approvedBy: nil, acceptedAt: nil, expiresAt: waiver.expiresAt,
            extensions: [])
    }

    private func hostSubject(_ document: JSONValue, _ input: CollectorInput) throws(CollectionFailure) -> String {
        if input.subject != nil { return try input.hostSubject("InSpec reports") }
        let named = [document["platform"]?["target_id"]?.stringValue, document["node_name"]?.stringValue]
            .compactMap { $0?.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
        guard let named else { return try input.hostSubject("InSpec reports") }
        let subject = "host:" + named
        if let problem = Subject.problem(with: subject) { throw input.failure(at: "$.platform.target_id", problem) }
        return subject
    }
}
