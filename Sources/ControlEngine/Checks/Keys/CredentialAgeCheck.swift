import EvidenceModel
import Foundation

/// `credential_age`: no active credential (access key, signing certificate, bearer token) is older
/// than `max_age` (DESIGN §5).
///
/// ```yaml
/// check: {type: credential_age, max_age: 90d}
/// ```
/// Each `credential` record is one key of one principal, judged on its own by `created_at`; inactive
/// or revoked credentials are `not_applicable`. When another credential of the same principal is
/// active too (`siblings`), the reason shows the rollover overlap: since when both are active. A
/// `credential.event` is not aged (CloudTrail events say what happened, the report says what is):
/// it is `not_applicable`.
public struct CredentialAgeCheck: ControlCheck {
    public static let type = "credential_age"

    public let maxAge: EvidenceDuration

    public init(maxAge: EvidenceDuration) {
        self.maxAge = maxAge
    }

    public init?(parameters: inout CheckParameters) {
        guard let maxAge = parameters.duration("max_age") else { return nil }
        self.init(maxAge: maxAge)
    }

    public func judge(_ records: [EvidenceRecord], at instant: Date) -> CheckVerdict {
        judgeEach(records) { record in
            guard !EvidenceKind.isEvent(record.kind) else {
                // Any event, CloudTrail's or another kind's, is not aged: only a CloudTrail one can say which.
                let event = try? KeyEventEvidence(record: record)
                let when = event?.eventTime.map(Timestamp.format) ?? "an unknown time"
                return .notApplicable("\(event?.eventName ?? "event") at \(when): events are not aged")
            }
            do {
                return judge(credential: try CredentialEvidence(record: record), at: instant)
            } catch {
                return CheckVerdict(status: .error, reason: "not a credential record: \(error)")
            }
        }
    }

    func judge(credential: CredentialEvidence, at instant: Date) -> CheckVerdict {
        let what = Self.label(credential)
        guard credential.isActive == true else {
            let why = credential.isRevoked == true ? "revoked" : "inactive"
            return .notApplicable("\(what) \(why)")
        }
        guard let created = credential.createdAt else {
            return CheckVerdict(status: .error, reason: "\(what) is active but its creation time is unknown")
        }
        let age = instant.timeIntervalSince(created)
        var sentence = "\(what) created \(KeyText.days(age)) ago \(KeyText.relation(age, maxAge.seconds)) max \(maxAge)"
        if let used = credential.lastUsedAt {
            sentence += "; last used \(DayText.of(used))"
        } else if credential.type != "signing_certificate" {
            sentence += "; never used"
        }
        sentence += overlap(credential, created: created, at: instant)
        return age > maxAge.seconds ? .fail(sentence) : .pass(sentence)
    }

    /// `; rollover overlap: access_key_1 also active (created 100.0 days ago), both active for 3.0 days`.
    private func overlap(_ credential: CredentialEvidence, created: Date, at instant: Date) -> String {
        let parts = credential.siblings.filter { $0.isActive == true }.map { sibling -> String in
            let slot = sibling.slot ?? "another credential"
            guard let other = sibling.createdAt else { return "\(slot) also active" }
            let both = instant.timeIntervalSince(max(other, created))
            return "\(slot) also active (created \(KeyText.days(instant.timeIntervalSince(other))) ago), "
                + "both active for \(KeyText.days(both))"
        }
        return parts.isEmpty ? "" : "; rollover overlap: " + parts.joined(separator: "; ")
    }

    /// `access_key_2 of arn:aws:iam::…:user/ci`, `token 'deploy' of user 12`.
    static func label(_ credential: CredentialEvidence) -> String {
        let owner = credential.principalName ?? credential.principal ?? "unknown principal"
        let slot = credential.slot ?? "credential"
        switch credential.type {
        case "personal_access_token": return "token '\(slot)' of \(owner)"
        case "signing_certificate": return "signing certificate \(slot) of \(owner)"
        default: return "\(slot) of \(owner)"
        }
    }
}
