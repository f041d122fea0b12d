import Foundation

/// The `risk.acceptance` kind (DESIGN §6), the one model of its record's data: the risk register's
/// collector and the importers of other tools' waivers (InSpec, OSCAL POA&M) write it, the engine
/// reviews and applies it, the TUI shows its timeline.
///
/// Written, a field left nil is left out of the data. Read back, a text that is empty or only spaces
/// counts as absent, and a date that is not RFC 3339 as no date: the engine then reports the
/// acceptance stale for that reason (no approver, no expiry) rather than refusing the record.
public struct RiskAcceptanceEvidence: Sendable, Hashable {
    public struct Extension: Sendable, Hashable, Codable {
        public let at: Date?
        public let expiresAt: Date?
        public let by: String?
        public let reason: String?

        public init(at: Date?, expiresAt: Date?, by: String?, reason: String?) {
            self.at = at
            self.expiresAt = expiresAt
            self.by = by
            self.reason = reason
        }
    }

    /// The register id (`RA-7`); its record's subject is `risk:<id>`.
    public let id: String
    public let control: String?
    public let subjects: [String]
    public let reason: String?
    public let owner: String?
    public let approvedBy: String?
    public let acceptedAt: Date?
    public let expiresAt: Date?
    public let extensions: [Extension]

    public init(
        id: String, control: String?, subjects: [String], reason: String?, owner: String?, approvedBy: String?,
        acceptedAt: Date?, expiresAt: Date?, extensions: [Extension]
    ) {
        self.id = id
        self.control = control
        self.subjects = subjects
        self.reason = reason
        self.owner = owner
        self.approvedBy = approvedBy
        self.acceptedAt = acceptedAt
        self.expiresAt = expiresAt
        self.extensions = extensions
    }

    public var subject: String { "risk:" + id }

    /// The record's data: exactly the keys the engine reads.
    public var data: [String: JSONValue] {
        var data: [String: JSONValue] = [
            "id": .string(id),
            "subjects": .array(subjects.map(JSONValue.string)),
            "extensions": .array(extensions.map { .object($0.data) }),
        ]
        data["control"] = control.map(JSONValue.string)
        data["accepted_at"] = acceptedAt.map { .string(Timestamp.format($0)) }
        data["expires_at"] = expiresAt.map { .string(Timestamp.format($0)) }
        data["reason"] = reason.map(JSONValue.string)
        data["owner"] = owner.map(JSONValue.string)
        data["approved_by"] = approvedBy.map(JSONValue.string)
        return data
    }

    /// Reads a `risk.acceptance` record back; an id missing from its data is its subject's.
    /// - Throws: when the record is of another kind.
    public init(record: EvidenceRecord) throws(EvidenceRecord.DecodingFailure) {
        try KindField.require(record, is: EvidenceKind.riskAcceptance)
        let data = record.data
        id = Self.text(data["id"]) ?? KindField.name(of: record.subject)
        control = Self.text(data["control"])
        subjects = (data["subjects"]?.arrayValue ?? []).compactMap(\.stringValue)
        reason = Self.text(data["reason"])
        owner = Self.text(data["owner"])
        approvedBy = Self.text(data["approved_by"])
        acceptedAt = Self.date(data["accepted_at"])
        expiresAt = Self.date(data["expires_at"])
        extensions = (data["extensions"]?.arrayValue ?? []).map { item in
            Extension(at: Self.date(item["at"]), expiresAt: Self.date(item["expires_at"]), by: Self.text(item["by"]), reason: Self.text(item["reason"]))
        }
    }

    /// The extensions granted by `instant`, oldest first: each counts from its `at`, whatever its
    /// place in the file (among equal dates, in file order). One without a valid `at` cannot be placed
    /// in time: it still counts against `max_extensions` and needs an approver, but sets no expiry.
    public func extensions(grantedBy instant: Date) -> [Extension] {
        let dated = extensions.enumerated()
            .compactMap { item in item.element.at.map { (at: $0, offset: item.offset, item: item.element) } }
            .filter { $0.at <= instant }
            .sorted { ($0.at, $0.offset) < ($1.at, $1.offset) }
            .map(\.item)
        return dated + extensions.filter { $0.at == nil }
    }

    private static func text(_ value: JSONValue?) -> String? { KindField.text(value) }
    private static func date(_ value: JSONValue?) -> Date? { KindField.date(value) }
}

extension RiskAcceptanceEvidence.Extension {
    var data: [String: JSONValue] {
        var data: [String: JSONValue] = [:]
        data["at"] = at.map { .string(Timestamp.format($0)) }
        data["expires_at"] = expiresAt.map { .string(Timestamp.format($0)) }
        data["by"] = by.map(JSONValue.string)
        data["reason"] = reason.map(JSONValue.string)
        return data
    }
}
