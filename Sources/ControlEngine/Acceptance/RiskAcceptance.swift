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
            Extension(at: Self.date(item["at"]), expiresAt: Self.date(item["expires_at"]),
                      approvedBy: Self.text(item["by"]))
        }
        recordID = record.id
    }

    /// The expiry in force: the last extension's, or the original one.
    var currentExpiry: Date? { extensions.last?.expiresAt ?? expiresAt }

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
