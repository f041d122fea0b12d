import EvidenceModel
import Foundation

/// `document_current`: a document a person provides (a policy, a training record) has an owner and
/// an approver, and its last approval is not older than its own review cycle: it passes while
/// `approved_at + review_every` is after the instant, naming the days left, and fails once the
/// review is overdue, naming by how many days.
///
/// ```yaml
/// check: {type: document_current, max_review_every: 365d}
/// ```
/// `max_review_every` (optional) caps the cycle a document may declare: a policy reviewed every two
/// years fails a control that requires yearly reviews, whatever its sidecar says.
public struct DocumentCurrentCheck: ControlCheck {
    public static let type = "document_current"

    public let maxReviewEvery: EvidenceDuration?

    public init(maxReviewEvery: EvidenceDuration? = nil) {
        self.maxReviewEvery = maxReviewEvery
    }

    public init?(parameters: inout CheckParameters) {
        guard let value = parameters.optional("max_review_every") else {
            self.init()
            return
        }
        guard let text = value.stringValue, let cycle = EvidenceDuration(text) else {
            parameters.report("max_review_every", DurationText.problem(value))
            return nil
        }
        self.init(maxReviewEvery: cycle)
    }

    public func judge(_ records: [EvidenceRecord], at instant: Date) -> CheckVerdict {
        judgeEach(records) { record in
            guard let document = try? DocumentEvidence(record: record) else {
                return .notApplicable("a \(record.kind) record, not a document")
            }
            return judge(document, at: instant)
        }
    }

    func judge(_ document: DocumentEvidence, at instant: Date) -> CheckVerdict {
        let what = "'\(document.title)'"
        var missing: [String] = []
        if document.owner == nil { missing.append("no owner") }
        if document.approvedBy == nil { missing.append("no approver") }
        if document.approvedAt == nil { missing.append("no approval date") }
        if document.reviewEvery == nil { missing.append("no review cycle") }
        guard missing.isEmpty, let approvedAt = document.approvedAt, let cycle = document.reviewEvery, let due = document.reviewDue
        else { return .fail("\(what) has \(missing.joined(separator: ", "))") }
        let approval = "approved \(DayText.of(approvedAt)) by \(document.approvedBy ?? "?"), reviewed every \(cycle)"
        if let maxReviewEvery, cycle.seconds > maxReviewEvery.seconds {
            return .fail("\(what) is reviewed every \(cycle), longer than the \(maxReviewEvery) this control allows (\(approval))")
        }
        guard approvedAt <= instant else { return .fail("\(what) was not yet approved at this instant (\(approval))") }
        let left = due.timeIntervalSince(instant)
        guard left > 0 else {
            return .fail("\(what) review overdue by \(Self.days(-left)): \(approval), due \(DayText.of(due))")
        }
        return .pass("\(what) review due \(DayText.of(due)), \(Self.days(left)) left: \(approval)")
    }

    /// Whole days, rounded up: a review due in six hours has 1 day left, not 0.
    static func days(_ interval: TimeInterval) -> String {
        let days = Int((interval / 86_400).rounded(.up))
        return days == 1 ? "1 day" : "\(days) days"
    }
}
