import EvidenceModel
import Foundation

/// Reads the AWS IAM credential report: the decoded CSV, or the `aws iam get-credential-report` JSON
/// whose `Content` is base64 (as the CLI prints it) or plain CSV (as some tools save it).
///
/// One `credential` record per access key and signing certificate slot that exists (active, or with
/// a `last_rotated` date), subject `credential:<user arn>#access_key_N` / `#cert_N`, with the fields
/// of ``CredentialRecord``. `N/A`, `no_information` and `not_supported` read as absent. The root
/// account's row (`<root_account>`) is a principal like any other.
public struct CredentialReportCollector: EvidenceCollector {
    public let name = "iam-credential-report"

    public init() {}

    static let header = [
        "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
        "password_next_rotation", "mfa_active", "access_key_1_active", "access_key_1_last_rotated",
        "access_key_1_last_used_date", "access_key_1_last_used_region", "access_key_1_last_used_service",
        "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
        "access_key_2_last_used_region", "access_key_2_last_used_service", "cert_1_active", "cert_1_last_rotated",
        "cert_2_active", "cert_2_last_rotated",
    ]

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        let text = try InputText.decode(input)
        let csv = text.first(where: { !$0.isWhitespace }) == "{" ? try content(ofResponse: input) : text
        let table: CSVTable
        do { table = try CSVTable(parsing: csv) } catch { throw input.failure(at: "line \(error.line)", error.reason) }
        guard let head = table.rows.first else { throw input.failure(at: "line 1", "empty report") }
        let columns = head.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        for required in ["user", "arn", "access_key_1_active", "access_key_1_last_rotated"] where !columns.contains(required) {
            throw input.failure(at: "line \(head.line)", "missing column '\(required)': not an IAM credential report")
        }
        let source = input.source
        var records: [EvidenceRecord] = []
        for row in table.rows.dropFirst() {
            guard row.fields.count == columns.count else {
                throw input.failure(at: "line \(row.line)",
                                    "expected \(columns.count) fields as in the header, found \(row.fields.count)")
            }
            let credentials = try CredentialReportRow(row: row, columns: columns, input: input).credentials()
            for credential in credentials {
                let siblings = credentials.filter { $0.slot != credential.slot && $0.type == credential.type }
                records.append(EvidenceRecord(
                    kind: "credential", subject: "credential:\(credential.principal)#\(credential.slot)",
                    observedAt: input.observedAt, collector: name, origin: .observed, source: source,
                    data: credential.data(siblings: siblings)))
            }
        }
        return records
    }

    /// The CSV inside a `GetCredentialReport` response.
    private func content(ofResponse input: CollectorInput) throws(CollectionFailure) -> String {
        guard let response = try JSONDocuments.parse(input).first else { throw input.failure(at: "$", "empty document") }
        let content = try response.required("Content")
        let text = try content.nonEmptyString()
        if let format = try response.optionalString("ReportFormat"), format != "text/csv" {
            throw response.failure("ReportFormat '\(format)' is not text/csv")
        }
        if text.contains(",") { return text }
        guard let decoded = Data(base64Encoded: text, options: .ignoreUnknownCharacters),
            let csv = String(data: decoded, encoding: .utf8)
        else { throw content.failure("neither CSV nor base64-encoded CSV") }
        return csv
    }
}
