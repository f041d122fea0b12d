import EvidenceModel
import Yams

/// Reads an asset inventory written as a YAML list of mappings.
enum AssetYAMLReader {
    static func assets(in text: String, from input: CollectorInput) throws(CollectionFailure) -> [LocatedAsset] {
        let root = try YAMLDocument.root(of: text, in: input)
        guard case .sequence(let entries) = root else {
            throw input.failure(
                at: root.lineLocation, "expected a list of assets (`- id: web-01 …`), found \(root.typeName)")
        }
        var assets: [LocatedAsset] = []
        for (index, node) in entries.enumerated() {
            let entry = try YAMLEntry(node, path: "[\(index)]", in: input)
            assets.append(
                LocatedAsset(
                    asset: try asset(from: entry), entryLocation: entry.path, idLocation: entry.location(of: "id")))
        }
        return assets
    }

    private static func asset(from entry: YAMLEntry) throws(CollectionFailure) -> AssetEvidence {
        try entry.rejectUnknownKeys(AssetEvidence.fields)
        let id = try entry.requiredText("id")
        let type = try entry.requiredText("type")
        let explicitSubject = try entry.text("subject")
        let subject: String
        do {
            subject = try AssetEvidence.subject(id: id, type: type, explicit: explicitSubject)
        } catch {
            throw entry.failure(error.field, error.reason)
        }
        return AssetEvidence(
            subject: subject, id: id, type: type, owner: try entry.text("owner"),
            tags: try entry.textList("tags").filter { !$0.isEmpty },
            isInScope: try entry.flag("in_scope") ?? true,
            exclusionReason: try entry.text("exclusion_reason"),
            exclusionApprovedBy: try entry.text("exclusion_approved_by"))
    }
}
