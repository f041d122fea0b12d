import Foundation

/// The `document` kind, the one model of its record's data: a file a person provides (a policy, a
/// training record, a pen-test report) with who owns it, who approved it when, and how often it must
/// be reviewed. The `document` collector writes it from the file's sidecar; `document_current` reads it.
public struct DocumentEvidence: Sendable, Hashable {
    /// The document's id (`ISP-1`); its record's subject is `document:<id>`.
    public let id: String
    public let title: String
    public let owner: String?
    public let approvedBy: String?
    public let approvedAt: Date?
    /// How long an approval holds before the document must be reviewed again.
    public let reviewEvery: EvidenceDuration?
    /// The file itself: its name, size and SHA-256 (the record's raw input is the file).
    public let fileName: String
    public let fileSize: Int
    public let fileSHA256: String

    public init(
        id: String, title: String, owner: String?, approvedBy: String?, approvedAt: Date?, reviewEvery: EvidenceDuration?,
        fileName: String, fileSize: Int, fileSHA256: String
    ) {
        self.id = id
        self.title = title
        self.owner = owner
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
        self.reviewEvery = reviewEvery
        self.fileName = fileName
        self.fileSize = fileSize
        self.fileSHA256 = fileSHA256
    }

    public var subject: String { SubjectType.document.rawValue + ":" + id }

    /// When the next review is due: the approval plus the review cycle; nil when either is unknown.
    public var reviewDue: Date? {
        guard let approvedAt, let reviewEvery else { return nil }
        return approvedAt.addingTimeInterval(reviewEvery.seconds)
    }

    /// The record's data: exactly the keys readers read; a field left nil is left out.
    public var data: [String: JSONValue] {
        var data: [String: JSONValue] = [
            "id": .string(id),
            "title": .string(title),
            "file": ["name": .string(fileName), "size": .number(Double(fileSize)), "sha256": .string(fileSHA256)],
        ]
        data["owner"] = owner.map(JSONValue.string)
        data["approved_by"] = approvedBy.map(JSONValue.string)
        data["approved_at"] = approvedAt.map { .string(Timestamp.format($0)) }
        data["review_every"] = reviewEvery.map { .string($0.text) }
        return data
    }

    /// Reads a `document` record back. A field missing or malformed reads as absent, so the check
    /// can say what is missing instead of the record being refused.
    /// - Throws: when the record is of another kind.
    public init(record: EvidenceRecord) throws(EvidenceRecord.DecodingFailure) {
        try KindField.require(record, is: EvidenceKind.document)
        let data = record.data
        id = KindField.text(data["id"]) ?? KindField.name(of: record.subject)
        title = KindField.text(data["title"]) ?? id
        owner = KindField.text(data["owner"])
        approvedBy = KindField.text(data["approved_by"])
        approvedAt = KindField.date(data["approved_at"])
        reviewEvery = KindField.text(data["review_every"]).flatMap(EvidenceDuration.init)
        let file = data["file"]
        fileName = KindField.text(file?["name"]) ?? record.source.name
        fileSize = KindField.integer(file?["size"]) ?? 0
        fileSHA256 = KindField.text(file?["sha256"]) ?? record.source.sha256
    }
}
