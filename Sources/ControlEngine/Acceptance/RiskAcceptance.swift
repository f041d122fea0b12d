import EvidenceModel
import Foundation

/// One entry of the risk register, read from a `risk.acceptance` record's data.
struct RiskAcceptance: Sendable, Hashable {
    struct Extension: Sendable, Hashable {
        let at: Date?
        let expiresAt: Date?
        let approvedBy: String?
    }

    /// The register id (`RA-7`).
    let id: String
    let control: String
    let subjects: [String]
    let approvedBy: String?
    let acceptedAt: Date?
    let expiresAt: Date?
    let extensions: [Extension]
    /// The record it was read from, cited as evidence of an `accepted` result.
    let recordID: String

    init(record: EvidenceRecord) {
        let data = record.data
        id = Self.text(data["id"]) ?? String(record.subject.drop { $0 != ":" }.dropFirst())
        control = Self.text(data["control"]) ?? ""
        subjects = (data["subjects"]?.arrayValue ?? []).compactMap(\.stringValue)
        approvedBy = Self.text(data["approved_by"])
        acceptedAt = Self.date(data["accepted_at"])
        expiresAt = Self.date(data["expires_at"])
        extensions = (data["extensions"]?.arrayValue ?? []).map { item in
            Extension(
                at: Self.date(item["at"]), expiresAt: Self.date(item["expires_at"]),
                approvedBy: Self.text(item["by"]))
        }
        recordID = record.id
    }

    /// The extensions granted by `instant`, oldest first: each counts from its `at`, whatever its
    /// place in the file (among equal dates, in file order). One without a valid `at` cannot be placed
    /// in time: it still counts against `max_extensions` and needs an approver, but sets no expiry.
    func extensions(grantedBy instant: Date) -> [Extension] {
        let dated = extensions.enumerated()
            .compactMap { item in item.element.at.map { (at: $0, offset: item.offset, item: item.element) } }
            .filter { $0.at <= instant }
            .sorted { ($0.at, $0.offset) < ($1.at, $1.offset) }
            .map(\.item)
        return dated + extensions.filter { $0.at == nil }
    }

    /// The expiry in force at `instant`: the newest extension's granted by then, else the original.
    func expiry(at instant: Date) -> Date? {
        extensions(grantedBy: instant).last(where: { $0.at != nil && $0.expiresAt != nil })?.expiresAt ?? expiresAt
    }

    func covers(control id: String, subject: String) -> Bool {
        control == id && subjects.contains(subject)
    }

    private static func text(_ value: JSONValue?) -> String? {
        value?.stringValue.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
    }

    private static func date(_ value: JSONValue?) -> Date? {
        value?.stringValue.flatMap(Timestamp.parse)
    }
}
