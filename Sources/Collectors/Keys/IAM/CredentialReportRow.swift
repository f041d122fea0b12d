import EvidenceModel
import Foundation

/// One user's row of the credential report: its cells by column, and the credentials it lists.
struct CredentialReportRow {
    let row: CSVTable.Row
    let columns: [String]
    let input: CollectorInput

    /// The report's words for "no value".
    static let absent: Set<String> = ["N/A", "no_information", "not_supported", ""]

    func cell(_ column: String) -> String? {
        guard let index = columns.firstIndex(of: column) else { return nil }
        let text = row.fields[index].trimmingCharacters(in: .whitespaces)
        return Self.absent.contains(text) ? nil : text
    }

    func flag(_ column: String) throws(CollectionFailure) -> Bool {
        switch cell(column) {
        case "true": return true
        case "false", nil: return false
        case let other?: throw failure(column, "expected true or false, found '\(other)'")
        }
    }

    func date(_ column: String) throws(CollectionFailure) -> Date? {
        guard let text = cell(column) else { return nil }
        guard let date = Timestamp.parse(text) else { throw failure(column, "'\(text)' is not a timestamp") }
        return date
    }

    func failure(_ column: String, _ reason: String) -> CollectionFailure {
        input.failure(at: "line \(row.line), column \(column)", reason)
    }

    /// The access keys (`access_key_1`, `access_key_2`) and signing certificates that exist, each with
    /// its record's subject, `credential:<user arn>#<slot>`.
    func credentials() throws(CollectionFailure) -> [(subject: String, credential: CredentialEvidence)] {
        guard let arn = cell("arn") else { throw failure("arn", "missing the user's ARN") }
        guard arn.hasPrefix("arn:") else { throw failure("arn", "'\(arn)' is not an ARN") }
        let user = cell("user") ?? arn
        var native: [String: JSONValue] = [:]
        for (index, column) in columns.enumerated() { native[column] = .string(row.fields[index]) }
        var found: [(subject: String, credential: CredentialEvidence)] = []
        let slots = [
            ("access_key_1", "access_key"), ("access_key_2", "access_key"),
            ("cert_1", "signing_certificate"), ("cert_2", "signing_certificate"),
        ]
        for (slot, type) in slots where columns.contains(slot + "_active") {
            let isActive = try flag(slot + "_active")
            let created = try date(slot + "_last_rotated")
            guard isActive || created != nil else { continue }
            let lastUsed = type == "access_key" ? try date(slot + "_last_used_date") : nil
            let credential = CredentialEvidence(
                platform: "aws-iam", type: type, principal: arn, principalName: user, slot: slot, isActive: isActive,
                createdAt: created, lastUsedAt: lastUsed, expiresAt: nil, isRevoked: nil, native: native)
            found.append((subject: "credential:\(arn)#\(slot)", credential: credential))
        }
        return found
    }
}
