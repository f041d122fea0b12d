import EvidenceModel
import Foundation

/// Reads an OSCAL 1.1 plan of action and milestones (`{"plan-of-action-and-milestones": …}`): one
/// `risk.acceptance` per risk whose `status` is `deviation-approved`, and the `register` record that
/// makes the file one document (``RegisterDocument``). Other risks are open work, not accepted
/// risk, and are skipped.
///
/// Mapping (see ``OSCALRiskAcceptance``): id = the risk's `uuid`, reason = its `title`, expiry = its
/// `deadline`; `risk-log` entries whose `status-change` is `deviation-approved` are the approval
/// (the first: `accepted_at`, `approved_by` from `logged-by`) and its extensions (each later one).
/// The control comes from a risk prop `control-id` or a finding that relates to the risk; subjects
/// from props named `subject` (`host:web-01`) or the subjects of related observations (`asset:<uuid>`).
public struct OSCALPoamCollector: EvidenceCollector {
    public let name = "oscal-poam"

    public init() {}

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        let document = try JSONDocuments.single(input, of: "OSCAL POA&M document").value
        let rootPath = "$.plan-of-action-and-milestones"
        guard let poam = document["plan-of-action-and-milestones"], poam.objectValue != nil else {
            throw input.failure(at: rootPath, "required: an OSCAL POA&M document has a 'plan-of-action-and-milestones' object")
        }
        let context = try OSCALPoamContext(poam, at: rootPath, in: input)
        var list: [JSONValue] = []
        if let risks = poam["risks"] {
            guard let array = risks.arrayValue else {
                throw input.failure(at: rootPath + ".risks", "expected array, found \(risks.typeName)")
            }
            list = array
        }
        var firstPath: [String: String] = [:]
        var records: [EvidenceRecord] = []
        for (index, risk) in list.enumerated() {
            let path = JSONPath.element(rootPath + ".risks", index)
            guard let acceptance = try OSCALRiskAcceptance.read(risk, at: path, context: context, in: input) else { continue }
            if let first = firstPath[acceptance.id] {
                throw input.failure(at: JSONPath.child(path, "uuid"), "duplicate uuid '\(acceptance.id)' (also at \(first))")
            }
            firstPath[acceptance.id] = path
            records.append(acceptance.record(collector: name, input: input))
        }
        return records + [
            try RegisterDocument.record(
                collector: name, entryKind: EvidenceKind.riskAcceptance, entries: records.count, input: input)
        ]
    }
}

/// What risks refer to elsewhere in the document: parties, observations and findings by uuid.
struct OSCALPoamContext {
    /// party uuid → email or name.
    let parties: [String: String]
    /// observation uuid → Vigil subjects of its `subjects[]`.
    let observationSubjects: [String: [String]]
    /// risk uuid → control ids of findings that relate to it.
    let findingControls: [String: [String]]

    init(_ poam: JSONValue, at path: String, in input: CollectorInput) throws(CollectionFailure) {
        var parties: [String: String] = [:]
        for party in poam["metadata"]?["parties"]?.arrayValue ?? [] {
            guard let uuid = party["uuid"]?.stringValue else { continue }
            parties[uuid] = party["email-addresses"]?.arrayValue?.first?.stringValue ?? party["name"]?.stringValue ?? uuid
        }
        var observations: [String: [String]] = [:]
        for observation in poam["observations"]?.arrayValue ?? [] {
            guard let uuid = observation["uuid"]?.stringValue else { continue }
            observations[uuid] = (observation["subjects"]?.arrayValue ?? []).compactMap { $0["subject-uuid"]?.stringValue }
                .map { "asset:" + $0 }
        }
        var findings: [String: [String]] = [:]
        for finding in poam["findings"]?.arrayValue ?? [] {
            guard let control = finding["target"]?["target-id"]?.stringValue else { continue }
            for related in finding["related-risks"]?.arrayValue ?? [] {
                if let risk = related["risk-uuid"]?.stringValue { findings[risk, default: []].append(control) }
            }
        }
        self.parties = parties
        self.observationSubjects = observations
        self.findingControls = findings
    }
}
