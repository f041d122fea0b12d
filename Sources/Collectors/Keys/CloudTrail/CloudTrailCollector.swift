import EvidenceModel
import Foundation

/// Reads CloudTrail log files (`{"Records":[…]}`, plain or gzip-compressed as S3 delivers them, one
/// document or several written one after another) into `key.event` and `credential.event` records
/// (``KeyEventEvidence``).
///
/// Kept: KMS `CreateKey`, `EnableKeyRotation`, `DisableKeyRotation`, `RotateKey` (the service event of
/// automatic and on-demand rotations), `RotateKeyOnDemand`, `ScheduleKeyDeletion`; IAM
/// `CreateAccessKey`, `UpdateAccessKey`, `DeleteAccessKey`. Every other record, and calls that failed
/// (`errorCode`: nothing changed), are ignored and counted in each record's `log_file`.
/// An event is observed when it happened: its `observed_at` is its `eventTime`.
///
/// Subjects: `key:<key ARN>`, and `credential:<user ARN>#<AccessKeyId>` (CloudTrail names the key,
/// not the credential report's slot; the user ARN is built from the account and `userName`, so a
/// user with an IAM path has it in the report's ARN only).
public struct CloudTrailCollector: EvidenceCollector {
    public let name = "cloudtrail"

    public init() {}

    static let keyEvents: Set<String> = [
        "CreateKey", "EnableKeyRotation", "DisableKeyRotation", "RotateKey", "RotateKeyOnDemand", "ScheduleKeyDeletion",
    ]
    static let credentialEvents: Set<String> = ["CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey"]

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        // AWS tools concatenate log files (`{"Records":[…]}{"Records":[…]}`): every document counts.
        var entries: [JSONNode] = []
        for document in try JSONDocuments.parse(try decompressed(input)) {
            entries += try document.required("Records").elements()
        }
        var events: [CloudTrailEvent] = []
        var ignored = 0
        for entry in entries {
            _ = try entry.object()
            guard let event = try CloudTrailEvent(entry) else {
                ignored += 1
                continue
            }
            events.append(event)
        }
        let logFile = KeyEventEvidence.LogFile(records: entries.count, ignored: ignored)
        let source = input.source
        return events.map { event in
            var evidence = event.evidence
            evidence.logFile = logFile
            return EvidenceRecord(
                kind: evidence.kind, subject: event.subject, observedAt: event.time, collector: name,
                origin: .observed, source: source, data: evidence.data)
        }
    }

    /// The input as JSON text: gzip is inflated first, keeping the file name and the raw bytes' hash.
    private func decompressed(_ input: CollectorInput) throws(CollectionFailure) -> CollectorInput {
        guard Gunzip.isGzip(input.bytes) else { return input }
        do {
            let bytes = try Gunzip.inflate(input.bytes)
            return CollectorInput(fileName: input.fileName, bytes: bytes, subject: input.subject, observedAt: input.observedAt)
        } catch {
            throw input.failure(at: "gzip", error.reason)
        }
    }
}
