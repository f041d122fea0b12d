import EvidenceModel

/// A control made ready to evaluate, once per evaluation: its check, or why it cannot run, and
/// whether that check reads beyond each subject's newest evidence.
public struct CompiledControl: Sendable {
    public let control: Control
    public let check: (any ControlCheck)?
    /// Why the check cannot be evaluated (its parameters' problems), when `check` is nil.
    public let problem: String?

    public init(_ control: Control, context: CheckContext) {
        self.control = control
        let made = CheckCatalog.makeCheck(control.check, context: context)
        check = made.check
        problem =
            made.check == nil
            ? "check cannot be evaluated: " + made.problems.map { "\($0.field): \($0.reason)" }.joined(separator: "; ") : nil
    }

    /// Whether the check reads its kinds' whole history, other subjects' evidence included (a
    /// ``RelatedEvidenceCheck`` or ``SubjectKeyedCheck``): such a control cannot be judged a slice
    /// of subjects at a time.
    public var readsHistory: Bool { check is any RelatedEvidenceCheck || check is any SubjectKeyedCheck }
}
