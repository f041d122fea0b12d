import EvidenceModel
import Foundation
import Yams

/// Any file a person provides — a policy PDF, a training record, a pen-test report — with a sidecar
/// `FILE.yaml` saying who owns it, who approved it when, and how often it must be reviewed. The file
/// is the raw input, stored byte for byte; the record (kind `document`, subject `document:<id>`,
/// origin `declared`) carries the sidecar's fields and the file's name, size and SHA-256.
///
/// A document without an owner or an approver is rejected: an unowned, unapproved document is not
/// evidence of anything. So is an approval dated after the collection, and any unknown sidecar key.
public struct DocumentCollector: SidecarCollector {
    public let name = "document"
    public let sidecarSuffix = ".yaml"
    public let sidecarFields = ["id", "title", "owner", "approved_by", "approved_at", "review_every"]

    public init() {}

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        let sidecar = try sidecarInput(of: input)
        guard !input.bytes.isEmpty else { throw input.failure(at: "byte 0", "empty file: a document has content") }
        let entry = try YAMLEntry(try YAMLDocument.root(of: try InputText.decode(sidecar), in: sidecar), path: "$", in: sidecar)
        try entry.rejectUnknownKeys(sidecarFields)
        let id = try entry.requiredText("id")
        let document = DocumentEvidence(
            id: id, title: try entry.requiredText("title"), owner: try entry.requiredText("owner"),
            approvedBy: try entry.requiredText("approved_by"), approvedAt: try approval(entry, observedAt: input.observedAt),
            reviewEvery: try reviewCycle(entry), fileName: input.fileName, fileSize: input.bytes.count,
            fileSHA256: input.source.sha256)
        if let problem = Subject.problem(with: document.subject) { throw entry.failure("id", problem) }
        return [
            EvidenceRecord(
                kind: EvidenceKind.document, subject: document.subject, observedAt: input.observedAt, collector: name,
                origin: .declared, source: input.source, data: document.data)
        ]
    }

    /// The approval date; one after the collection cannot have happened yet.
    private func approval(_ entry: YAMLEntry, observedAt: Date) throws(CollectionFailure) -> Date {
        let approvedAt = try entry.requiredDate("approved_at")
        guard approvedAt <= observedAt else {
            throw entry.failure(
                "approved_at", "\(Timestamp.format(approvedAt)) is after the collection (\(Timestamp.format(observedAt)))")
        }
        return approvedAt
    }

    private func reviewCycle(_ entry: YAMLEntry) throws(CollectionFailure) -> EvidenceDuration {
        let text = try entry.requiredText("review_every")
        guard let cycle = EvidenceDuration(text), cycle.seconds > 0 else {
            throw entry.failure("review_every", "'\(text)' is not a positive duration (e.g. 365d, 52w)")
        }
        return cycle
    }
}
