import EvidenceModel
import Yams

/// Reads the risk register YAML (DESIGN §6): one declared `risk.acceptance` record per entry, about
/// `risk:<id>`, and the `register` record that makes the file one document (``RegisterDocument``).
///
/// The register is a top-level list; ids are unique within a file so that a control result can
/// name the acceptance that covers it. `--subject` is ignored: every entry names its own. An
/// extension dated after the register's observation time is rejected.
public struct RiskRegisterCollector: EvidenceCollector {
    public let name = "risks"

    public init() {}

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        let root = try YAMLDocument.root(of: try InputText.decode(input), in: input)
        guard case .sequence(let entries) = root else {
            throw input.failure(
                at: root.lineLocation,
                "expected a list of risk acceptances (`- id: RA-1 …`), found \(root.typeName)")
        }
        var firstPathOfId: [String: String] = [:]
        var acceptances: [RiskAcceptanceEvidence] = []
        for (index, node) in entries.enumerated() {
            let entry = try YAMLEntry(node, path: "[\(index)]", in: input)
            let acceptance = try RiskAcceptanceEvidence(entry)
            if let first = firstPathOfId[acceptance.id] {
                throw entry.failure("id", "duplicate id '\(acceptance.id)' (also at \(first))")
            }
            firstPathOfId[acceptance.id] = entry.path
            if let problem = Subject.problem(with: "risk:" + acceptance.id) { throw entry.failure("id", problem) }
            acceptances.append(acceptance)
        }
        let source = input.source
        let records = acceptances.map { acceptance in
            EvidenceRecord(
                kind: EvidenceKind.riskAcceptance, subject: "risk:" + acceptance.id, observedAt: input.observedAt,
                collector: name, origin: .declared, source: source, data: acceptance.data)
        }
        return records + [
            try RegisterDocument.record(
                collector: name, entryKind: EvidenceKind.riskAcceptance, entries: records.count, input: input)
        ]
    }
}
