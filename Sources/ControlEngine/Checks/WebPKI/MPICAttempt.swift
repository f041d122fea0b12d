import EvidenceModel
import Foundation

/// One corroboration attempt as the MPIC checks see it, read from an `mpic.result` record (Open MPIC)
/// or a `validation.result` record (Boulder), in the schemas their collectors document.
struct MPICAttempt {
    /// One remote perspective's outcome.
    struct Outcome {
        let code: String
        /// Completed, passed and reported no error: only then does it corroborate.
        let corroborates: Bool
        /// Why it does not corroborate (`failed`, `not completed`, `error mpic_error:…`), or nil.
        let problem: String?
        /// `records_seen` as canonical texts, when the perspective reported them.
        let recordsSeen: Set<String>?
    }

    /// `dcv` or `caa`, as recorded.
    let checkType: String?
    /// The DCV method (`http-01`, `acme-http-01`…), or `caa`.
    let method: String?
    /// The authorization a Boulder VA validated for; nil for Open MPIC, which carries none.
    let authorization: String?
    /// The name validated (the record's subject when not recorded).
    let target: String
    let validatedAt: Date
    /// Whether the MPIC said the CA may proceed (`is_valid`; Boulder: challenge `valid` and no error).
    let reportedValid: Bool
    let outcomes: [Outcome]
    /// What Boulder's primary VA logged: names and counts, no records.
    let boulder: ValidationResultEvidence.Summary?
    /// A Boulder line a remote VA wrote about itself: the primary's line carries the quorum.
    let isRemoteLine: Bool
    /// Earlier attempts of the same request (Open MPIC retries), not relied on (BR 3.2.2.9).
    let earlierAttempts: Int
    /// The quorum the MPIC service was configured with (Open MPIC `actual_orchestration_parameters`).
    let configuredQuorum: Int?

    /// Reads a `validation.result` record through ``ValidationResultEvidence``, any other as an `mpic.result`.
    init(_ record: EvidenceRecord) {
        if let validation = try? ValidationResultEvidence(record: record) {
            self.init(validation, record: record)
        } else {
            self.init(openMPIC: record)
        }
    }

    private init(openMPIC record: EvidenceRecord) {
        let data = record.data
        checkType = data["check_type"]?.stringValue
        method = data["validation_method"]?.stringValue
        authorization = nil
        validatedAt = data["validated_at"]?.stringValue.flatMap(Timestamp.parse) ?? record.observedAt
        target = data["target"]?.stringValue ?? record.subject
        earlierAttempts = data["previous_attempts"]?.arrayValue?.count ?? 0
        configuredQuorum = data["actual_orchestration_parameters"]?["quorum_count"]?.doubleValue.map { Int($0) }
        reportedValid = data["is_valid"]?.boolValue ?? false
        isRemoteLine = false
        boulder = nil
        outcomes = (data["perspectives"]?.arrayValue ?? []).map(Self.outcome)
    }

    /// A Boulder VA's line: the primary's carries the quorum summary, a remote VA's only itself.
    init(_ validation: ValidationResultEvidence, record: EvidenceRecord) {
        checkType = validation.checkType
        method = validation.validationMethod
        authorization = validation.authzID
        validatedAt = validation.validatedAt ?? record.observedAt
        target = validation.target ?? record.subject
        earlierAttempts = 0
        configuredQuorum = nil
        reportedValid = validation.status == "valid" && validation.error.isEmpty
        isRemoteLine = validation.role == "remote"
        boulder = validation.summary
        outcomes =
            (boulder?.passedPerspectives.map { Outcome(code: $0, corroborates: true, problem: nil, recordsSeen: nil) } ?? [])
            + (boulder?.failedPerspectives.map { Outcome(code: $0, corroborates: false, problem: "failed", recordsSeen: nil) } ?? [])
    }

    /// `CAA example.com at 2026-11-29T10:00:00Z`, `DCV acme-http-01 example.com at …`.
    var label: String {
        let type = (checkType ?? "?").uppercased()
        let shown = method.flatMap { $0.uppercased() == type ? nil : " \($0)" } ?? ""
        return "\(type)\(shown) \(target) at \(Timestamp.format(validatedAt))"
    }

    private static func outcome(_ value: JSONValue) -> Outcome {
        let code = value["code"]?.stringValue ?? "?"
        let errors = (value["errors"]?.arrayValue ?? []).map { error in
            [error["error_type"]?.stringValue, error["error_message"]?.stringValue].compactMap { $0 }.joined(separator: ": ")
        }
        let problem: String?
        if value["check_completed"]?.boolValue != true {
            problem = "not completed" + (errors.isEmpty ? "" : " (\(errors.joined(separator: "; ")))")
        } else if !errors.isEmpty {
            problem = "error " + errors.joined(separator: "; ")
        } else if value["check_passed"]?.boolValue != true {
            problem = "failed"
        } else {
            problem = nil
        }
        let seen = value["details"]?["records_seen"]?.arrayValue.map { Set($0.map { $0.stringValue ?? JSONText.of($0) }) }
        return Outcome(code: code, corroborates: problem == nil, problem: problem, recordsSeen: seen)
    }
}
