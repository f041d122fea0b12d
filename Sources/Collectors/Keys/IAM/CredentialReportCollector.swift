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
public struct CredentialReportCollector: StreamingCollector {
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

    /// The records of each row in turn, a batch at a time: the report's rows are read one by one, never
    /// held as one table (100k users took 602 MiB), and each batch's records are made on every core.
    public func stream(
        from input: CollectorInput, emit: (_ records: [EvidenceRecord]) throws(CollectionFailure) -> Void
    )
        throws(CollectionFailure) -> [CollectionFailure]
    {
        let input = try input.heldWhole()
        let text = try InputText.decode(input)
        // The JSON form may hold several responses one after another (one per account): every one counts.
        var reports: [(csv: String, place: String?)] = [(text, nil)]
        if text.first(where: { !$0.isWhitespace }) == "{" {
            let responses = try JSONDocuments.parse(input)
            reports = try responses.map { (response) throws(CollectionFailure) in
                (try content(of: response), responses.count == 1 ? nil : response.path + ".Content")
            }
        }
        var waiting = WaitingRecords(kind: EvidenceKind.credential, collector: name, origin: .observed, input: input)
        var firstPlace: [String: String] = [:]
        var refusedByTheStore: CollectionFailure?
        for report in reports {
            // A report inside one of several responses is named by its response, then its line.
            func place(_ location: String) -> String { report.place.map { "\($0), \(location)" } ?? location }
            do throws(CollectionFailure) {
                try forEachCredential(csv: report.csv, input: input) { subject, data, line throws(CollectionFailure) in
                    if let earlier = firstPlace[subject] {
                        throw input.failure(at: line, "duplicate credential '\(subject)' (also at \(earlier))")
                    }
                    firstPlace[subject] = place(line)
                    do throws(CollectionFailure) { try waiting.add(subject: subject, data: data, emit: emit) } catch {
                        refusedByTheStore = error
                        throw error
                    }
                }
            } catch {
                if let refusedByTheStore, error == refusedByTheStore { throw error }
                throw input.failure(at: place(error.location), error.reason)
            }
        }
        try waiting.hand(to: emit)
        return []
    }

    /// Each credential of one report in turn: its subject, data and the line of its row.
    private func forEachCredential(
        csv: String, input: CollectorInput, _ body: (String, [String: JSONValue], String) throws(CollectionFailure) -> Void
    ) throws(CollectionFailure) {
        var columns: [String]?
        try CSVTable.forEachRow(in: csv, syntax: { input.failure(at: "line \($0.line)", $0.reason) }) { row throws(CollectionFailure) in
            guard let columns else {
                let head = row.fields.map { $0.trimmingCharacters(in: .whitespaces) }
                for required in ["user", "arn", "access_key_1_active", "access_key_1_last_rotated"] where !head.contains(required) {
                    throw input.failure(at: "line \(row.line)", "missing column '\(required)': not an IAM credential report")
                }
                columns = head
                return
            }
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
                try body(subject, credential.data, "line \(row.line)")
            }
        }
        if columns == nil { throw input.failure(at: "line 1", "empty report") }
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
