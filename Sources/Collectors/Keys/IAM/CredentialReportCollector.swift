import EvidenceModel
import Foundation

/// Reads the AWS IAM credential report: the decoded CSV, or the `aws iam get-credential-report` JSON
/// whose `Content` is base64 (as the CLI prints it) or plain CSV (as some tools save it); several
/// responses written one after another are all read, and a credential listed twice is rejected.
///
/// One `credential` record per access key and signing certificate slot that exists (active, or with
/// a `last_rotated` date), subject `credential:<user arn>#access_key_N` / `#cert_N`, with the fields
/// of ``CredentialEvidence``. `N/A`, `no_information` and `not_supported` read as absent. The root
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
        // The JSON form may hold several responses one after another (one per account): every one counts.
        var reports: [(csv: String, place: String?)] = [(text, nil)]
        if text.first(where: { !$0.isWhitespace }) == "{" {
            let responses = try JSONDocuments.parse(input)
            reports = try responses.map { (response) throws(CollectionFailure) in
                (try content(of: response), responses.count == 1 ? nil : response.path + ".Content")
            }
        }
        var records: [EvidenceRecord] = []
        var firstPlace: [String: String] = [:]
        for report in reports {
            // A report inside one of several responses is named by its response, then its line.
            func place(_ location: String) -> String { report.place.map { "\($0), \(location)" } ?? location }
            let found: [(record: EvidenceRecord, line: String)]
            do { found = try self.records(csv: report.csv, input: input) } catch {
                throw input.failure(at: place(error.location), error.reason)
            }
            for (record, line) in found {
                if let earlier = firstPlace[record.subject] {
                    throw input.failure(at: place(line), "duplicate credential '\(record.subject)' (also at \(earlier))")
                }
                firstPlace[record.subject] = place(line)
                records.append(record)
            }
        }
        return records
    }

    /// One report's records, each with the line of its row.
    private func records(csv: String, input: CollectorInput) throws(CollectionFailure) -> [(EvidenceRecord, String)] {
        let table: CSVTable
        do { table = try CSVTable(parsing: csv) } catch { throw input.failure(at: "line \(error.line)", error.reason) }
        guard let head = table.rows.first else { throw input.failure(at: "line 1", "empty report") }
        let columns = head.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        for required in ["user", "arn", "access_key_1_active", "access_key_1_last_rotated"] where !columns.contains(required) {
            throw input.failure(at: "line \(head.line)", "missing column '\(required)': not an IAM credential report")
        }
        let source = input.source
        var records: [(EvidenceRecord, String)] = []
        for row in table.rows.dropFirst() {
            guard row.fields.count == columns.count else {
                throw input.failure(
                    at: "line \(row.line)",
                    "expected \(columns.count) fields as in the header, found \(row.fields.count)")
            }
            let credentials = try CredentialReportRow(row: row, columns: columns, input: input).credentials()
            for (subject, found) in credentials {
                var credential = found
                credential.siblings = credentials.map(\.credential)
                    .filter { $0.slot != found.slot && $0.type == found.type }.map(\.asSibling)
                records.append(
                    (
                        EvidenceRecord(
                            kind: EvidenceKind.credential, subject: subject,
                            observedAt: input.observedAt, collector: name, origin: .observed, source: source,
                            data: credential.data), "line \(row.line)"
                    ))
            }
        }
        return records
    }

    /// The CSV inside a `GetCredentialReport` response.
    private func content(of response: JSONNode) throws(CollectionFailure) -> String {
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
