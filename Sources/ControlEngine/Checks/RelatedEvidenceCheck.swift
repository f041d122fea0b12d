import EvidenceModel
import Foundation

/// A check whose verdict on one subject rests on records beyond that subject's newest collection:
/// its older observations, or other subjects' records of the control's evidence kinds.
///
/// `ari_window` needs every RenewalInfo fetched for a certificate (windows move) and the successor
/// certificate, which is another subject. The engine still decides which subjects are judged, when
/// they are missing or stale, and what "newest" means; such a check only looks further, through
/// ``RelatedEvidence``, and names what it used in ``CheckVerdict/related`` so reports show it.
public protocol RelatedEvidenceCheck: ControlCheck {
    /// Judges a subject's records (as ``ControlCheck/judge(_:at:)`` receives them) with the rest of
    /// the evidence visible at `instant` at hand.
    func judge(_ records: [EvidenceRecord], related: RelatedEvidence, at instant: Date) -> CheckVerdict

    /// The kinds whose records are judged, or nil for all the control's kinds. The others are inputs
    /// the check only reads through ``RelatedEvidence``: `issuance_justified` judges decisions, and its
    /// validations and certificates neither make a subject judged nor keep one fresh.
    var judgedKinds: [String]? { get }
}

extension RelatedEvidenceCheck {
    public var judgedKinds: [String]? { nil }

    /// Of `control`'s kinds, those this check judges.
    func kindsJudged(of control: Control) -> [String] {
        judgedKinds.map { judged in control.evidence.filter(judged.contains) } ?? control.evidence
    }

    /// Without an index (a check judged on its own, in a test), only the records themselves are related.
    public func judge(_ records: [EvidenceRecord], at instant: Date) -> CheckVerdict {
        let subject = records.first?.subject ?? ""
        let kinds = Array(Set(records.map(\.kind)))
        return judge(
            records, related: RelatedEvidence(subject: subject, records: records, kinds: kinds, at: instant),
            at: instant)
    }
}

/// A check that judges subjects its records speak about rather than the records' own subjects.
///
/// `issuer_diversity` asks about a domain, while a certificate record's subject is the certificate:
/// each record is filed under the subjects ``subjects(of:)`` returns (`domain:` per DNS name), and the
/// engine then treats those as the control's subjects, for scope, freshness and acceptances alike.
public protocol SubjectKeyedCheck: ControlCheck {
    /// The subjects `record` counts for; none drops it from this control.
    func subjects(of record: EvidenceRecord) -> [String]
}

/// The evidence of a control's kinds visible at the judged instant, for a ``RelatedEvidenceCheck``.
///
/// Only the control's own `evidence:` kinds (and its `origin:`) are reachable, so a control file still
/// says everything a verdict can rest on.
public struct RelatedEvidence: Sendable {
    /// The subject being judged.
    public let subject: String
    let index: VisibleEvidence
    let kinds: Set<String>
    let origin: EvidenceOrigin?

    init(subject: String, index: VisibleEvidence, kinds: [String], origin: EvidenceOrigin?) {
        self.subject = subject
        self.index = index
        self.kinds = Set(kinds)
        self.origin = origin
    }

    /// Related evidence made of `records` alone (for judging outside an evaluation).
    public init(
        subject: String, records: [EvidenceRecord], kinds: [String], at instant: Date,
        origin: EvidenceOrigin? = nil
    ) {
        self.init(subject: subject, index: VisibleEvidence(records: records, at: instant), kinds: kinds, origin: origin)
    }

    /// Every visible observation of `kind` about `subject` (the judged one by default), oldest first.
    public func history(of kind: String, subject: String? = nil) -> [EvidenceRecord] {
        guard kinds.contains(kind) else { return [] }
        return index.records(kind: kind, subject: subject ?? self.subject, origin: origin)
    }

    /// Each subject's newest collection of `kind`: the state every subject is in at the instant.
    public func newestStates(of kind: String) -> [String: [EvidenceRecord]] {
        guard kinds.contains(kind) else { return [:] }
        var states: [String: [EvidenceRecord]] = [:]
        for subject in index.subjects(withAnyOf: [kind], origin: origin) {
            states[subject] = VisibleEvidence.newestCollection(index.records(kind: kind, subject: subject, origin: origin))
        }
        return states
    }
}
