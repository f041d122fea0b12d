/// What the controls list shows of an evaluation: each control's status, title, tally and
/// frameworks, without its per-subject results.
///
/// Kept apart from the whole evaluation so that an interface can show it before the rest is read: at
/// a million records the whole evaluation is tens of megabytes, a preview a few hundred bytes a control.
public struct EvaluationPreview: Sendable, Hashable, Codable {
    public struct Line: Sendable, Hashable, Codable {
        public let id: String
        public let title: String
        public let status: Status
        /// ``SubjectTally``'s words for the control's subjects.
        public let tally: String
        /// The frameworks the control maps to, sorted.
        public let frameworks: [String]

        public init(_ control: ControlSummary) {
            id = control.id
            title = control.result.title
            status = control.status
            tally = SubjectTally.of(control.result)
            frameworks = control.result.frameworks.keys.sorted()
        }
    }

    public let controls: [Line]
    /// How many records were visible at the instant, as in the evaluation.
    public let recordCount: Int

    public init(_ evaluation: WorkspaceEvaluation) {
        controls = evaluation.controls.map(Line.init)
        recordCount = evaluation.recordCount
    }
}
