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

    /// What Boulder's primary VA logged: names and counts, no records.
    struct BoulderSummary {
        let passed: [String]
        let failed: [String]
        let passedRIRs: [String]
        /// `quorumResult` "n/m": corroborations and remote perspectives asked.
        let quorum: (corroborated: Int, of: Int)?
    }

    let label: String
    let validatedAt: Date
    /// Whether the MPIC said the CA may proceed (`is_valid`; Boulder: challenge `valid` and no error).
    let reportedValid: Bool
    let outcomes: [Outcome]
    let boulder: BoulderSummary?
    /// A Boulder line a remote VA wrote about itself: the primary's line carries the quorum.
    let isRemoteLine: Bool
    /// Earlier attempts of the same request (Open MPIC retries), not relied on (BR 3.2.2.9).
    let earlierAttempts: Int
    /// The quorum the MPIC service was configured with (Open MPIC `actual_orchestration_parameters`).
    let configuredQuorum: Int?

    init(_ record: EvidenceRecord) {
        let data = record.data
        let checkType = (data["check_type"]?.stringValue ?? "?").uppercased()
        let method = data["validation_method"]?.stringValue.flatMap { $0.uppercased() == checkType ? nil : " \($0)" } ?? ""
        let target = data["target"]?.stringValue ?? record.subject
        validatedAt = data["validated_at"]?.stringValue.flatMap(Timestamp.parse) ?? record.observedAt
        label = "\(checkType)\(method) \(target) at \(Timestamp.format(validatedAt))"
        earlierAttempts = data["previous_attempts"]?.arrayValue?.count ?? 0
        configuredQuorum = data["actual_orchestration_parameters"]?["quorum_count"]?.doubleValue.map { Int($0) }
        if record.kind == "validation.result" {
            reportedValid = data["status"]?.stringValue == "valid" && (data["error"]?.stringValue ?? "").isEmpty
            isRemoteLine = data["role"]?.stringValue == "remote"
            let summary = data["summary"]?.objectValue
            boulder = summary.map(Self.boulderSummary)
            outcomes =
                (boulder?.passed.map { Outcome(code: $0, corroborates: true, problem: nil, recordsSeen: nil) } ?? [])
                + (boulder?.failed.map { Outcome(code: $0, corroborates: false, problem: "failed", recordsSeen: nil) } ?? [])
        } else {
            reportedValid = data["is_valid"]?.boolValue ?? false
            isRemoteLine = false
            boulder = nil
            outcomes = (data["perspectives"]?.arrayValue ?? []).map(Self.outcome)
        }
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

    private static func boulderSummary(_ summary: [String: JSONValue]) -> BoulderSummary {
        func names(_ key: String) -> [String] { (summary[key]?.arrayValue ?? []).compactMap(\.stringValue) }
        let parts = (summary["quorumResult"]?.stringValue ?? "").split(separator: "/").compactMap { Int($0) }
        return BoulderSummary(
            passed: names("passedPerspectives"), failed: names("failedPerspectives"), passedRIRs: names("passedRIRs"),
            quorum: parts.count == 2 ? (parts[0], parts[1]) : nil)
    }
}
