import EvidenceModel

extension Evaluator {
    /// For each kind whose every reader says what it reads, the members of a record's `data` that
    /// judging it may read: a check reads those records with only these built (a check of 200k
    /// Boulder decisions spent two fifths of its time building and freeing the rest).
    ///
    /// A kind is left out (read whole) when any control judging it has a check that may read any
    /// member (``ControlCheck/dataMembers`` nil), reads beyond the subject (``CompiledControl/readsHistory``),
    /// or cannot be made; the kinds every subject shares (registers, assets, risk acceptances) are
    /// always read whole.
    public var dataMembersByKind: [String: DataMembers] {
        var members: [String: DataMembers] = [:]
        var whole: Set<String> = SlicedEvaluation.sharedKinds
        for compiled in compiled {
            let control = compiled.control
            guard let check = compiled.check else {
                whole.formUnion(control.evidence)
                continue
            }
            let kinds = Set(control.evidence).union(SubjectJudgement.judgedKinds(of: control, check))
            guard !compiled.readsHistory, let read = check.dataMembers else {
                whole.formUnion(kinds)
                continue
            }
            for kind in kinds { members[kind] = members[kind].map { $0.union(read) } ?? read }
        }
        return members.filter { !whole.contains($0.key) && !$0.value.isAll }
    }
}
