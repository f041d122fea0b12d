import EvidenceModel
import Foundation

/// `key_rotation`: the key's material really rotates at least every `max_age` (DESIGN §5).
///
/// ```yaml
/// check: {type: key_rotation, max_age: 90d}
/// ```
/// A `key` record passes when automatic rotation is enabled, its period is at most `max_age`, and
/// the current material (`current_material_created_at`, from the platform's rotation history, not
/// the flag) is no older than `max_age`. Keys the platform cannot rotate (`can_rotate: false`, e.g.
/// asymmetric AWS KMS keys), keys the provider manages, disabled keys and keys pending deletion are
/// `not_applicable`, with their age. A key whose rotation setting was not collected is an `error`.
///
/// `key.event` records (CloudTrail), when the control lists them, are judged one by one as DESIGN §5
/// judges events, and the worst verdict wins: `DisableKeyRotation` fails, `EnableKeyRotation` fails
/// when its period exceeds `max_age`, rotations and creations pass, deletions are not applicable.
/// Events never rescue a failing state (a rotation after the snapshot shows in the next collection);
/// they catch what two snapshots miss: rotation switched off, or on with a long period, in between.
public struct KeyRotationCheck: ControlCheck {
    public static let type = "key_rotation"

    public let maxAge: EvidenceDuration

    public init(maxAge: EvidenceDuration) {
        self.maxAge = maxAge
    }

    public init?(parameters: inout CheckParameters) {
        guard let maxAge = parameters.duration("max_age") else { return nil }
        self.init(maxAge: maxAge)
    }

    /// The providers' responses a record keeps (`native`) and the inputs it was joined from are
    /// never judged: left out, a check of 100k AWS keys builds half the JSON.
    public var dataMembers: DataMembers? { .allBut(["native", "merged_from"]) }

    public func judge(_ records: [EvidenceRecord], at instant: Date) -> CheckVerdict {
        judgeEach(records) { record in
            do {
                if EvidenceKind.isEvent(record.kind) { return KeyEventJudgement(maxAge: maxAge).judge(try KeyEventEvidence(record: record)) }
                return judge(key: try KeyEvidence(record: record), at: instant)
            } catch {
                return CheckVerdict(status: .error, reason: "not a key record: \(error)")
            }
        }
    }

    func judge(key: KeyEvidence, at instant: Date) -> CheckVerdict {
        guard let current = key.currentMaterialCreatedAt else {
            return CheckVerdict(status: .error, reason: "not a key record: current_material_created_at is missing")
        }
        let age = instant.timeIntervalSince(current)
        let neverRotated = key.currentMaterialOrigin == "creation"
        var ageText =
            neverRotated
            ? "never rotated: created \(KeyText.days(age)) ago" : "last rotation \(KeyText.days(age)) ago"
        if neverRotated, key.isHistoryComplete == false { ageText += " (no rotation history collected)" }

        if let state = key.state,
            ["PendingDeletion", "DESTROY_SCHEDULED", "DESTROYED"].contains(state)
                || key.deletionScheduledAt != nil
        {
            let when = key.deletionScheduledAt.map { " for \(DayText.of($0))" } ?? ""
            return .notApplicable("key pending deletion\(when) (state \(state)); \(ageText)")
        }
        if key.managedBy == "provider" {
            return .notApplicable("managed by the provider, which rotates it on its own schedule; \(ageText)")
        }
        if key.canRotate == false {
            let why = key.cannotRotateReason ?? "the platform cannot rotate this key"
            return .notApplicable("\(why); key material \(KeyText.days(age)) old")
        }
        if key.isEnabled == false {
            return .notApplicable("key disabled (state \(key.state ?? "unknown")); \(ageText)")
        }
        let limit = "max \(maxAge)"
        guard let isEnabled = key.isRotationEnabled else {
            let hint = key.platform == "aws-kms" ? " (no get-key-rotation-status response for this key)" : ""
            return CheckVerdict(status: .error, reason: "rotation setting not collected\(hint); \(ageText)")
        }
        let ageVersusMax = "\(ageText) \(KeyText.relation(age, maxAge.seconds)) \(limit)"
        guard isEnabled else { return .fail("automatic rotation disabled; \(ageVersusMax)") }
        guard let period = key.rotationPeriodSeconds else {
            return .fail("\(ageVersusMax), rotation period unknown")
        }
        let periodText = "period \(KeyText.period(period))"
        if period > maxAge.seconds { return .fail("\(ageText), \(periodText) > \(limit)") }
        if age > maxAge.seconds { return .fail("\(ageVersusMax) (rotation overdue), \(periodText) ≤ \(limit)") }
        return .pass("\(ageText), \(periodText) ≤ \(limit)")
    }
}
