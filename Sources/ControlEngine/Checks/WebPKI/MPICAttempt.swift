import EvidenceModel
import Foundation

/// One corroboration attempt as the MPIC checks see it, read from an `mpic.result` record (Open MPIC)
/// or a `validation.result` record (Boulder) through their kinds' models.
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

    /// Reads a `validation.result` record through ``ValidationResultEvidence``, any other through
    /// ``MPICResultEvidence`` (a record of another kind reads as an empty response).
    init(_ record: EvidenceRecord) {
        if let validation = try? ValidationResultEvidence(record: record) {
            self.init(validation, record: record)
        } else {
            let response =
                (try? MPICResultEvidence(record: record))
                ?? MPICResultEvidence(checkType: nil, target: nil, domain: nil, wildcard: false, isValid: false, mpicCompleted: false)
            self.init(response, record: record)
        }
    }

    /// An Open MPIC response: its perspectives' outcomes, as the service reported them.
    init(_ response: MPICResultEvidence, record: EvidenceRecord) {
        checkType = response.checkType
        method = response.validationMethod
        authorization = nil
        validatedAt = response.validatedAt ?? record.observedAt
        target = response.target ?? record.subject
        earlierAttempts = response.previousAttempts.count
        configuredQuorum = response.configuredQuorum
        reportedValid = response.isValid
        isRemoteLine = false
        boulder = nil
        outcomes = response.perspectives.map(Self.outcome)
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

    private static func outcome(_ perspective: MPICResultEvidence.Perspective) -> Outcome {
        let errors = perspective.errors.map { error in [error.type, error.message].compactMap { $0 }.joined(separator: ": ") }
        let problem: String?
        if !perspective.checkCompleted {
            problem = "not completed" + (errors.isEmpty ? "" : " (\(errors.joined(separator: "; ")))")
        } else if !errors.isEmpty {
            problem = "error " + errors.joined(separator: "; ")
        } else if !perspective.checkPassed {
            problem = "failed"
        } else {
            problem = nil
        }
        let seen = perspective.details["records_seen"]?.arrayValue.map { Set($0.map { $0.stringValue ?? JSONText.of($0) }) }
        let code = perspective.code ?? "?"
        return Outcome(code: code, corroborates: problem == nil, problem: problem, recordsSeen: seen)
    }
}
