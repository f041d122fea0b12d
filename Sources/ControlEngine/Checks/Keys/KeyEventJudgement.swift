import EvidenceModel
import Foundation

/// `key_rotation` on one CloudTrail `key.event`: what the event says about the key's rotation.
struct KeyEventJudgement {
    let maxAge: EvidenceDuration

    func judge(_ event: KeyEventEvidence) -> CheckVerdict {
        let name = event.eventName ?? "event"
        let when = event.eventTime.map(Timestamp.format) ?? "an unknown time"
        let actor = event.actor.map { " by \($0)" } ?? ""
        switch name {
        case "RotateKey", "RotateKeyOnDemand":
            let type = event.rotationType ?? (name == "RotateKeyOnDemand" ? "ON_DEMAND" : "AUTOMATIC")
            return .pass("key material rotated (\(type)) at \(when)")
        case "CreateKey":
            return .pass("key created at \(when)\(actor)")
        case "EnableKeyRotation":
            // Without rotationPeriodInDays, KMS uses its default of 365 days.
            let days = event.rotationPeriodDays ?? 365
            let sentence = "rotation enabled at \(when)\(actor), period \(KeyText.period(days * 86_400))"
            return days * 86_400 > maxAge.seconds ? .fail("\(sentence) > max \(maxAge)") : .pass("\(sentence) ≤ max \(maxAge)")
        case "DisableKeyRotation":
            return .fail("automatic rotation disabled at \(when)\(actor)")
        case "ScheduleKeyDeletion":
            return .notApplicable("deletion scheduled at \(when)\(actor)")
        default:
            return .notApplicable("\(name) at \(when) says nothing about rotation")
        }
    }
}
